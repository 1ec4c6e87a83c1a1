// The colours and font every chart draws with: fixed light and dark sets (for the CLI and snapshot
// tests) and the app's own, read from its CSS variables so charts follow the theme.

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  line: string;
  accent: string;
  /** What happened to traffic: let through, dropped or rejected, anything else. */
  accept: string;
  drop: string;
  reject: string;
  otherAction: string;
  /** Where a node is. */
  internal: string;
  external: string;
  special: string;
  other: string;
  /** Marks what is new since the baseline. */
  fresh: string;
  font: string;
}

export const LIGHT: Palette = {
  bg: '#ffffff', fg: '#1c2330', muted: '#6b7483', line: '#d9dde3', accent: '#2563eb',
  accept: '#2f9e59', drop: '#d1453b', reject: '#e8912d', otherAction: '#8c96a8',
  internal: '#3867d6', external: '#8e5ccf', special: '#9aa3b2', other: '#b9c0cc',
  fresh: '#e0a100', font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
};

export const DARK: Palette = {
  bg: '#15181e', fg: '#e3e6eb', muted: '#8d96a5', line: '#323845', accent: '#4c8dff',
  accept: '#4cc07a', drop: '#ff6b61', reject: '#ffab4a', otherAction: '#8d96a5',
  internal: '#6d93ff', external: '#b68cf2', special: '#6e7787', other: '#4a5261',
  fresh: '#ffcc33', font: LIGHT.font,
};

/** The app's palette: the theme's CSS variables where set (see app.css), the fixed set otherwise. */
export function paletteFromCss(el: Element): Palette {
  const css = getComputedStyle(el);
  const dark = matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const base = dark ? DARK : LIGHT;
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { ...base, bg: v('--bg', base.bg), fg: v('--fg', base.fg), muted: v('--muted', base.muted), line: v('--line', base.line), accent: v('--accent', base.accent) };
}

/** The colour of an action's share (ACCEPT, DROP, REJECT, anything else). */
export function actionColor(p: Palette, action: string): string {
  const a = action.toUpperCase();
  return a === 'ACCEPT' ? p.accept : a === 'DROP' ? p.drop : a === 'REJECT' ? p.reject : p.otherAction;
}
