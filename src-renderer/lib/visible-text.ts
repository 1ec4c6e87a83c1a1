// Text from a log shown as inert characters: control, bidi and invisible format characters become visible escapes.

// C0, DEL, C1, soft hyphen, zero-width and bidi marks, line/paragraph separators, bidi embeddings/overrides/isolates, BOM, interlinear annotations.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** `s` with every character that could act on the display (or hide) written as `\xNN` or `\u{…}`. */
export function visibleText(s: string): string {
  return s.replace(HIDDEN, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? '\\x' + n.toString(16).padStart(2, '0') : `\\u{${n.toString(16)}}`;
  });
}
