// Image files for the tests, made in the browser with the canvas API: digits written
// in dark ink on off-white paper lit unevenly, with a little grain and dust, as a phone
// photo or a scan would show them. And ways to hand a file to the page.

/**
 * The bytes (a Buffer) of a PNG, or a JPEG with `type: "image/jpeg"`, of `strokes` —
 * polylines with y in [0, 1] and x from 0 up, as DIGITS or row() give them — written on
 * paper `width` x `height` px, the writing `inkHeight` of the image's height tall.
 */
export async function paperPng(page, strokes, { width = 900, height = 600, inkHeight = 0.45, seed = 7, type = "image/png" } = {}) {
  const base64 = await page.evaluate(
    async ({ strokes, width, height, inkHeight, seed, type }) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext("2d");

      // paper: warm off-white, darker towards one corner (a lamp on the other side)
      const light = ctx.createLinearGradient(0, 0, width, height);
      light.addColorStop(0, "#f7f3ea");
      light.addColorStop(1, "#cdc6b6");
      ctx.fillStyle = light;
      ctx.fillRect(0, 0, width, height);

      // the writing, centred
      const xs = strokes.flat().map(([x]) => x);
      const inkW = Math.max(...xs) - Math.min(...xs);
      const h = inkHeight * height;
      const x0 = (width - inkW * h) / 2 - Math.min(...xs) * h;
      const y0 = (height - h) / 2;
      ctx.strokeStyle = "#1d1c22";
      ctx.lineWidth = Math.max(2, 0.085 * h);
      ctx.lineCap = ctx.lineJoin = "round";
      for (const stroke of strokes) {
        ctx.beginPath();
        stroke.forEach(([x, y], i) => ctx[i ? "lineTo" : "moveTo"](x0 + x * h, y0 + y * h));
        ctx.stroke();
      }

      // grain and a few specks of dust, deterministic
      let s = seed >>> 0;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const img = ctx.getImageData(0, 0, width, height);
      for (let i = 0; i < img.data.length; i += 4) {
        const n = (rand() - 0.5) * 18;
        for (let c = 0; c < 3; c++) img.data[i + c] = Math.max(0, Math.min(255, img.data[i + c] + n));
      }
      ctx.putImageData(img, 0, 0);
      ctx.fillStyle = "#3a3630";
      for (let k = 0; k < 12; k++) {
        ctx.beginPath();
        ctx.arc(rand() * width, rand() * height, 0.6 + rand() * 1.2, 0, 2 * Math.PI);
        ctx.fill();
      }

      const blob = await new Promise((resolve) => canvas.toBlob(resolve, type, 0.85));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    { strokes, width, height, inkHeight, seed, type },
  );
  return Buffer.from(base64, "base64");
}

/** Open a file through the #file picker. */
export function pickFile(page, name, mimeType, buffer) {
  return page.setInputFiles("#file", { name, mimeType, buffer });
}

/** Drop a file on #pad: dragenter, dragover and drop with a DataTransfer built in the page. */
export function dropFile(page, name, mimeType, buffer) {
  return page.evaluate(
    ({ name, mimeType, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: mimeType }));
      const pad = document.getElementById("pad");
      const r = pad.getBoundingClientRect();
      const at = { bubbles: true, cancelable: true, composed: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, dataTransfer: data };
      pad.dispatchEvent(new DragEvent("dragenter", at));
      const over = new DragEvent("dragover", at);
      pad.dispatchEvent(over);
      const dropTarget = document.querySelector(".pad-frame").classList.contains("is-drop-target");
      const drop = new DragEvent("drop", at);
      pad.dispatchEvent(drop);
      return { dragoverAccepted: over.defaultPrevented, dropTarget, dropHandled: drop.defaultPrevented };
    },
    { name, mimeType, base64: buffer.toString("base64") },
  );
}

/** Paste a file, as Ctrl/Cmd+V of a copied image does: a paste event carrying it. */
export function pasteFile(page, name, mimeType, buffer) {
  return page.evaluate(
    ({ name, mimeType, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: mimeType }));
      const paste = new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: data });
      document.activeElement.dispatchEvent(paste);
      return { pasteHandled: paste.defaultPrevented, carried: paste.clipboardData?.files.length ?? 0 };
    },
    { name, mimeType, base64: buffer.toString("base64") },
  );
}
