// Types of `nickara/pad`: the <nickara-pad> element, its events and preload().

import type { Reading as FullReading, Strokes } from "../nickara.js";

/** What a pad read: the Reading of `classifyNumber` (nickara.d.ts) without `whole`. */
export type Reading = Omit<FullReading, "whole">;

/** Brushes (looks only: the recognizer redraws strokes at MNIST's pen width). */
export type Pen = "thin" | "medium" | "thick";

/** loading: the model is loading · empty: no ink · reading: an answer for newer ink is coming ·
 * done: the answer is for the ink shown · error: the input was refused (see `message`) ·
 * failed: the recognizer could not load or stopped working. */
export type PadState = "loading" | "empty" | "reading" | "done" | "error" | "failed";

export interface PadStateDetail {
  state: PadState;
  /** The state in words for people ("Reading…", why an image was refused, …). */
  message: string;
  /** The answer, while reading (a live one for slightly older ink) and when done; else null. */
  reading: Reading | null;
  /** The answer is for the ink now shown. */
  final: boolean;
  /** How long the answer took in the worker, in ms. */
  ms: number;
  /** The name of the image being read, or "". */
  name: string;
  /** While loading: the model's download in bytes (`total` 0 when unknown). */
  progress: { loaded: number; total: number; done: boolean } | null;
}

export interface NickaraPadEventMap extends Omit<HTMLElementEventMap, "input" | "change"> {
  /** Every new answer; `detail` is null once the pad was cleared. */
  input: CustomEvent<Reading | null>;
  /** The writer paused (settle-ms) with a value other than the last change's. */
  change: CustomEvent<Reading | null>;
  statechange: CustomEvent<PadStateDetail>;
}

export interface PreloadOptions {
  /** URL of nickara_bg.wasm; default: beside nickara.js. */
  wasm?: string | URL;
  /** URL of the package's worker (`nickara/worker`) as your bundler emitted it; default: beside this module. */
  worker?: string | URL;
  /** The wasm's size in bytes, for the progress when the server compresses it. */
  expectedBytes?: number;
}

/** Start the page's one recognizer now; resolves when the model is ready (ms: loading time). */
export function preload(options?: PreloadOptions): Promise<{ ms: number }>;

export const PENS: Readonly<Record<Pen, { fraction: number; min: number }>>;

/** `<nickara-pad>`: a form field whose value is what was written on it. */
export class NickaraPad extends HTMLElement {
  static readonly formAssociated: true;
  /** The answer as shown ("7", "42"); "" when empty, unread, or below `minConfidence`. */
  readonly value: string;
  /** The last answer for the ink on the pad, or null. */
  readonly reading: Reading | null;
  /** The drawing in CSS px of the pad: set it to restore a saved one ([] clears). */
  strokes: Strokes;
  readonly state: PadState;
  readonly message: string;
  /** "image" while an opened image is shown, else "draw". */
  readonly input: "draw" | "image";
  pen: Pen;
  /** The most digits the field takes; 0 for any number (attribute `digits`). */
  digits: number;
  /** 0–1: below it the value stays empty and the field is invalid (attribute `min-confidence`). */
  minConfidence: number;
  /** How long the writer pauses before "change" (attribute `settle-ms`). */
  settleMs: number;
  /** Images may be pasted and dropped on it (attribute `accept-images`). */
  acceptImages: boolean;
  required: boolean;
  disabled: boolean;
  name: string;
  readonly form: HTMLFormElement | null;
  readonly labels: NodeList;
  readonly type: "nickara-pad";
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
  /** Remove all ink, or the image. */
  clear(): void;
  /** Remove the last stroke, or the image. */
  undo(): void;
  /** Read an image file (a photo of a digit or number) instead of the drawing. */
  openImage(file: Blob): Promise<void>;
  /** Outline digit `index` of a number solid. */
  selectDigit(index: number): void;

  addEventListener<K extends keyof NickaraPadEventMap>(
    type: K,
    listener: (this: NickaraPad, event: NickaraPadEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof NickaraPadEventMap>(
    type: K,
    listener: (this: NickaraPad, event: NickaraPadEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "nickara-pad": NickaraPad;
  }
}
