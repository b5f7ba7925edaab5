// A reading in words, the same wherever it is shown: the pad's announcements for screen
// readers and the page's answer, chips and bars.

/** Two digits or more make a number: shown digit by digit, and outlined on the pad. */
export function isNumber(reading) {
  return reading.digits.length >= 2;
}

/** What a screen reader hears for a reading. */
export function describe(reading) {
  if (isNumber(reading)) {
    const unsure = reading.digits.flatMap((d, i) => (d.unsure ? [`the ${ordinal(i + 1)} digit (${orList(d)})`] : []));
    if (unsure.length) return `Read the number ${reading.value}; not sure about ${joinAnd(unsure)}.`;
    return `Read the number ${reading.value}, ${formatPercent(reading.confidence)} sure.`;
  }
  const [d] = reading.digits;
  if (reading.unsure) return `Not sure: ${topTwo(d).replace("?", "")}.`;
  return `Recognized ${d.digit}, ${formatPercent(reading.confidence)} sure.`;
}

/** "4 (62.0%) or 9 (31.0%)?", or "4 (62%) or 9 (31%)?" when `short`. */
export function topTwo({ digit, confidence, runnerUp }, short = false) {
  const first = `${digit} (${formatPercent(confidence, short)})`;
  return runnerUp ? `${first} or ${runnerUp.digit} (${formatPercent(runnerUp.confidence, short)})?` : `${first}?`;
}

function orList({ digit, runnerUp }) {
  return runnerUp ? `${digit} or ${runnerUp.digit}` : `${digit}`;
}

function joinAnd(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st. */
export function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}

export function formatPercent(p, whole = false) {
  const pct = p * 100;
  if (pct >= 99.95) return "100%";
  if (pct > 0 && pct < 0.1) return "<0.1%";
  if (whole) return pct >= 99.5 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
  return `${pct.toFixed(1)}%`;
}

export function formatMs(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
