// Types of the <backprop-lab> element (import "backprop-lab/element") and of the script API an
// embedded page exposes as window.backpropLab. The wasm modules' own types are wasm-bindgen's
// (backprop-lab, backprop-lab/extras).

import type { Network, Playground } from "../www/pkg/backprop_lab.js";

/** What a page's commands do: the same for the page, the embed page and the element. */
export interface BackpropLabCommands {
  play(): boolean;
  pause(): void;
  toggle(): void;
  /** One mini-batch, or the stepper's next (+1) / previous (−1) phase; whether it stepped. */
  step(dir?: 1 | -1): boolean;
  /** Back to the seed's initial weights, epoch 0. */
  reset(): void;
  /** "playground" | "backprop" | "surface" | "digits" | "lessons"; throws for another. */
  setMode(mode: string): void;
}

/** window.backpropLab of index.html and embed.html (docs/JS_API.md, "The page's script API"). */
export interface BackpropLabScriptApi {
  readonly net: Network;
  readonly pg: Playground;
  readonly playing: boolean;
  readonly commands: BackpropLabCommands;
  readonly state: { get(key: string): unknown; readonly values: Record<string, unknown> };
}

/** `detail` of the element's events. */
export interface BackpropLabStepDetail {
  source: "train" | "stepper";
  iterations: number;
  epoch: number;
  batches?: number;
  phase?: string;
  layer?: number;
}
export interface BackpropLabEpochDetail {
  epoch: number;
  iterations: number;
  trainLoss: number | null;
  testLoss: number | null;
}

export interface BackpropLabEventMap extends HTMLElementEventMap {
  ready: CustomEvent<Record<string, never>>;
  step: CustomEvent<BackpropLabStepDetail>;
  epoch: CustomEvent<BackpropLabEpochDetail>;
}

/**
 * <backprop-lab dataset="xor" layers="4,2" activation="tanh" learning-rate="0.03" seed="1"
 *   view="network" controls="minimal" theme="dark" autoplay>: one scene of Backprop Lab in an
 * iframe of embed.html (beside this module), with its own network and keyboard focus.
 */
export class BackpropLabElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The iframe of embed.html in the shadow root. */
  readonly frame: HTMLIFrameElement;
  /** Resolves once the embedded page is running (and again after a reload). */
  readonly ready: Promise<void>;
  /** The embedded page's Network, or null before `ready`. */
  readonly network: Network | null;
  /** The embedded page's Playground (data, training, metrics), or null before `ready`. */
  readonly playground: Playground | null;
  /** Whether the scene is playing. */
  readonly playing: boolean;
  /** One step: a mini-batch, or the stepper's next phase (dir −1: its previous). */
  step(dir?: 1 | -1): boolean;
  play(): void;
  pause(): void;
  reset(): void;
  addEventListener<K extends keyof BackpropLabEventMap>(type: K, listener: (this: BackpropLabElement, ev: BackpropLabEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "backprop-lab": BackpropLabElement;
  }
  interface Window {
    backpropLab?: BackpropLabScriptApi;
  }
}
