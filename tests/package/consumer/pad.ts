// The element's types as a TypeScript app meets them (tsc --strict, not run): the tag is in
// HTMLElementTagNameMap, the events carry their details, and the properties their types.
import { PENS, preload, type NickaraPad, type PadState, type PadStateDetail, type Pen, type Reading } from "nickara/pad";
import type { Strokes } from "nickara";

export async function usePad(): Promise<string> {
  const { ms }: { ms: number } = await preload();
  const pad = document.querySelector("nickara-pad")!;
  const reading: Reading | null = pad.reading;
  const value: string = pad.value;
  const state: PadState = pad.state;
  const pen: Pen = pad.pen;
  const digits: number = pad.digits;
  const strokes: Strokes = pad.strokes;
  pad.strokes = [[[0, 0], [10, 10]]];
  pad.minConfidence = 0.5;
  pad.required = true;
  const valid: boolean = pad.checkValidity() && pad.validity.valid;
  pad.addEventListener("input", (event) => {
    const now: Reading | null = event.detail;
    const first: number | null | undefined = now?.digits[0]?.digit;
    console.log(first);
  });
  pad.addEventListener("change", (event) => console.log(event.detail?.value));
  pad.addEventListener("statechange", (event) => {
    const detail: PadStateDetail = event.detail;
    console.log(detail.state, detail.message, detail.progress?.loaded);
  });
  const made: NickaraPad = document.createElement("nickara-pad");
  made.clear();
  made.undo();
  made.selectDigit(0);
  await made.openImage(new Blob());
  console.log(PENS.thin.fraction, ms, reading, state, pen, digits, strokes.length, valid);
  return value;
}
