// The lessons, in the series' order: one data module per chapter (chapter1.js, …). The Lessons
// tab (lessons/mode.js) lists these; a link says #lesson=N&scene=M (both from 1).

import chapter1 from "./chapter1.js";
import chapter2 from "./chapter2.js";
import chapter3 from "./chapter3.js";
import chapter4 from "./chapter4.js";

/** Chapters as { number, title, scenes }: `number` is the video's chapter. */
export const CHAPTERS = [
  { number: 1, ...chapter1 },
  { number: 2, ...chapter2 },
  { number: 3, ...chapter3 },
  { number: 4, ...chapter4 },
];

/** The chapter with video number n, or null. */
export const chapterOf = (n) => CHAPTERS.find((c) => c.number === n) ?? null;
