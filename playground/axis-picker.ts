// For d_in = 1: the points on an axis from -2 to 2. A click on the axis adds a point there (to the
// nearest 0.05), a click on a point removes it.
const SVG = 'http://www.w3.org/2000/svg';
const [LO, HI] = [-2, 2];
const WIDTH = 560;
const MARGIN = 24;
const HEIGHT = 56;
const AXIS_Y = 22;
const STEP = 0.05;

const toPixel = (x: number) => MARGIN + ((x - LO) / (HI - LO)) * (WIDTH - 2 * MARGIN);
const toValue = (px: number) => LO + ((px - MARGIN) / (WIDTH - 2 * MARGIN)) * (HI - LO);
/** Rounded to the step and written without float noise (0.15000000000000002 -> 0.15). */
const snap = (x: number) => Number((Math.round(x / STEP) * STEP).toFixed(2));

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** The axis picker, drawn into `svg`; `onChange` receives the new list of points. */
export class AxisPicker {
  private points: number[] = [];

  constructor(private readonly svg: SVGSVGElement, private readonly onChange: (points: number[]) => void) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('width', String(WIDTH));
    svg.setAttribute('height', String(HEIGHT));
    svg.addEventListener('click', (event) => this.click(event));
  }

  /** Draws `points` (those within the axis' range); all points stay in the list either way. */
  show(points: readonly number[]): void {
    this.points = [...points];
    const parts: SVGElement[] = [
      el('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: 'transparent', class: 'hit' }),
      el('line', { x1: toPixel(LO), x2: toPixel(HI), y1: AXIS_Y, y2: AXIS_Y, class: 'axis' }),
    ];
    for (let t = LO; t <= HI + 1e-9; t += 0.5) {
      parts.push(el('line', { x1: toPixel(t), x2: toPixel(t), y1: AXIS_Y - 4, y2: AXIS_Y + 4, class: 'axis' }));
      const label = el('text', { x: toPixel(t), y: AXIS_Y + 18, class: 'tick-label' });
      label.textContent = String(t);
      parts.push(label);
    }
    this.points.forEach((x, i) => {
      if (x < LO || x > HI) return;
      parts.push(el('circle', { cx: toPixel(x), cy: AXIS_Y, r: 6, class: 'point', 'data-index': i, 'data-x': x }));
    });
    this.svg.replaceChildren(...parts);
  }

  private click(event: MouseEvent): void {
    const target = event.target as Element;
    const index = target.getAttribute('data-index');
    if (index !== null) {
      this.points.splice(Number(index), 1);
    } else {
      const box = this.svg.getBoundingClientRect();
      const x = snap(toValue(((event.clientX - box.left) / box.width) * WIDTH));
      if (x < LO || x > HI) return;
      this.points.push(x);
    }
    this.show(this.points);
    this.onChange([...this.points]);
  }
}
