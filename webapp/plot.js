// Echo & Push — small live plots on a <canvas>: points over the last `seconds`, newest at the right.
//
// No framework, no network fetch. A plot keeps at most CAPACITY points per series and redraws at most every
// REDRAW_MS, so a thousand echoes a second cost a few array writes each, not a redraw each.
// The canvas carries data-points (points in view) and data-max (top of the scale) for tests and curious readers.

import { guarded } from './log.js';

const CAPACITY = 4000;
const REDRAW_MS = 250;
const COLOURS = ['--plot-1', '--plot-2', '--plot-3', '--plot-4', '--plot-5'];

/** A ring of (time, value) points. */
function ring() {
  return { t: new Float64Array(CAPACITY), v: new Float64Array(CAPACITY), start: 0, count: 0 };
}

function push(r, t, v) {
  const i = (r.start + r.count) % CAPACITY;
  r.t[i] = t;
  r.v[i] = v;
  if (r.count < CAPACITY) r.count += 1; else r.start = (r.start + 1) % CAPACITY;
}

function* inWindow(r, from) {
  for (let k = 0; k < r.count; k += 1) {
    const i = (r.start + k) % CAPACITY;
    if (r.t[i] >= from) yield [r.t[i], r.v[i]];
  }
}

/** 1, 2, 5, 10, 20, 50 … at or above `value`. */
function niceCeiling(value) {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= value);
}

/**
 * kind 'dots' draws each point (one per echo), 'lines' joins them (one per second). `unit` labels the scale.
 * Answers { series(key, name), add(key, value, t), values(key) }.
 */
export function createPlot(canvas, { seconds, unit, kind }) {
  const series = new Map(); // key → { name, colour, points }
  let timer = 0;

  function colourOf(index) {
    return getComputedStyle(canvas).getPropertyValue(COLOURS[index % COLOURS.length]).trim() || 'gray';
  }

  function ensure(key, name = key) {
    let s = series.get(key);
    if (!s) {
      s = { name, colourIndex: series.size, points: ring() };
      series.set(key, s);
    }
    return s;
  }

  function scheduleDraw() {
    if (timer === 0) timer = setTimeout(() => guarded(draw), REDRAW_MS);
  }

  function draw() {
    timer = 0;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    const now = performance.now();
    const from = now - seconds * 1000;
    const visible = [...series.values()].map((s) => ({ s, points: [...inWindow(s.points, from)] }));
    const count = visible.reduce((n, { points }) => n + points.length, 0);
    const max = niceCeiling(Math.max(0, ...visible.flatMap(({ points }) => points.map(([, v]) => v))));
    const style = getComputedStyle(canvas);
    const pad = { left: 40 * ratio, right: 6 * ratio, top: 8 * ratio, bottom: 16 * ratio };
    const x = (t) => pad.left + ((t - from) / (now - from)) * (width - pad.left - pad.right);
    const y = (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);

    g.font = `${11 * ratio}px ${style.getPropertyValue('--mono')}`;
    g.fillStyle = style.getPropertyValue('--muted').trim() || 'gray';
    g.strokeStyle = style.getPropertyValue('--border').trim() || 'silver';
    g.lineWidth = ratio;
    g.setLineDash([]);
    for (const v of [0, max / 2, max]) {
      g.beginPath();
      g.moveTo(pad.left, y(v));
      g.lineTo(width - pad.right, y(v));
      g.stroke();
      g.fillText(`${v}`, 2 * ratio, y(v) + 4 * ratio);
    }
    g.fillText(`−${seconds} s`, pad.left, height - 3 * ratio);
    g.fillText(unit, width - pad.right - g.measureText(unit).width, height - 3 * ratio);

    for (const { s, points } of visible) {
      g.strokeStyle = g.fillStyle = colourOf(s.colourIndex);
      g.lineWidth = 2 * ratio;
      // Every other series dashed, so that two equal series (in and out of an echo) both show.
      g.setLineDash(s.colourIndex % 2 === 1 ? [5 * ratio, 4 * ratio] : []);
      if (kind === 'lines') drawLine(g, points, x, y);
      else points.forEach(([t, v]) => g.fillRect(x(t) - ratio, y(v) - ratio, 3 * ratio, 3 * ratio));
    }
    canvas.dataset.points = String(count);
    canvas.dataset.max = String(max);
    if (count > 0) scheduleDraw(); // points move left as time passes
  }

  return Object.freeze({
    /** Registers a series; answers the class of its colour ("plot-1" … "plot-5"), for a legend's swatch. */
    series(key, name) {
      return `plot-${(ensure(key, name).colourIndex % COLOURS.length) + 1}`;
    },
    add(key, value, t = performance.now()) {
      push(ensure(key).points, t, value);
      scheduleDraw();
    },
    /** The values of `key` within the window, oldest first. */
    values(key) {
      const s = series.get(key);
      return s ? [...inWindow(s.points, performance.now() - seconds * 1000)].map(([, v]) => v) : [];
    },
  });
}

function drawLine(g, points, x, y) {
  g.beginPath();
  points.forEach(([t, v], i) => (i === 0 ? g.moveTo(x(t), y(v)) : g.lineTo(x(t), y(v))));
  g.stroke();
}
