// Image files in: the file picker, drag and drop, and paste hand a File here; it is
// decoded by the browser and drawn into a canvas (long side at most MAX_SIDE px), whose
// ImageData is what gets recognized. No preprocessing: Rust finds the ink.
// Anything that is not a decodable image becomes an UnreadableFile with a message
// for people.

const MAX_SIDE = 1024;
const ACCEPTED = "a PNG, JPEG, WebP, GIF, BMP or AVIF image";

/** A file we cannot read as an image; `message` says why and what would work. */
export class UnreadableFile extends Error {}

/**
 * Decode `file` into `{ source, data, name }`: `source` a canvas to show, `data` its
 * ImageData. Throws UnreadableFile for non-images and files the browser cannot decode.
 */
export async function readImageFile(file) {
  const name = file.name || "the pasted image";
  const type = describeType(file);
  const declaredImage = file.type.startsWith("image/");
  if (file.type && !declaredImage) {
    throw new UnreadableFile(`${quote(name)} is not an image (${type}). Open ${ACCEPTED} of a digit or number.`);
  }
  let image;
  try {
    image = await decode(file);
  } catch {
    throw new UnreadableFile(
      declaredImage
        ? `Could not decode ${quote(name)} (${type}): the file is damaged or this browser cannot read it. Open ${ACCEPTED}.`
        : `${quote(name)} is not an image (${type}). Open ${ACCEPTED} of a digit or number.`,
    );
  }
  try {
    const { width, height } = image;
    if (!width || !height) throw new UnreadableFile(`${quote(name)} is an empty image (${width}x${height} pixels).`);
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return { source: canvas, data: ctx.getImageData(0, 0, canvas.width, canvas.height), name };
  } finally {
    image.close?.();
  }
}

/** The first file a drop or paste carries (of any type: non-images get a message), or null. */
export function fileFrom(dataTransfer) {
  const files = dataTransfer?.files;
  if (files?.length) return [...files].find((f) => f.type.startsWith("image/")) ?? files[0];
  for (const item of dataTransfer?.items ?? []) {
    if (item.kind === "file") return item.getAsFile();
  }
  return null;
}

/** Whether a drag carries files (and not just text or a link). */
export function carriesFiles(dataTransfer) {
  return [...(dataTransfer?.types ?? [])].includes("Files");
}

/** createImageBitmap decodes most formats off the main thread; SVG needs an <img>. */
async function decode(file) {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch (err) {
    if (file.type !== "image/svg+xml") throw err;
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      return img;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}

/** The file's type as the browser reports it, or its extension. */
function describeType(file) {
  if (file.type) return file.type;
  const ext = /\.([^./\\]{1,10})$/.exec(file.name || "")?.[1];
  return ext ? `.${ext.toLowerCase()}, type unknown` : "type unknown";
}

/** A file's name as the page's messages show it: in quotes, long names shortened. */
export function quote(name) {
  const short = name.length > 40 ? `${name.slice(0, 24)}…${name.slice(-12)}` : name;
  return `“${short}”`;
}
