// Text from a log shown inert in the page: control, bidi and invisible characters become escapes, the rest stays.
import { describe, it, expect } from 'vitest';
import { visibleText } from '../../src-renderer/lib/visible-text.ts';
import { formatCell } from '../../src-renderer/lib/format-cell.ts';
import { escapeLine } from '../../src-main/app/source-line.ts';

describe('visibleText', () => {
  it('escapes terminal escapes, bells, bidi overrides and zero-width characters, and keeps ordinary text and accents', () => {
    expect(visibleText('\x1b[31mEVIL\x07\u202eabc\u200bd')).toBe('\\x1b[31mEVIL\\x07\\u{202e}abc\\u{200b}d');
    expect(visibleText('Zürich – 東京 ok')).toBe('Zürich – 東京 ok');
    expect(visibleText('a\u0085b\u009bc')).toBe('a\\x85b\\x9bc');
  });

  it('is how the grid shows text cells: a stored terminal escape or bidi override is inert in the grid and its tooltip', () => {
    const c = formatCell('\x1b[31mEVIL\u202e', 'VARCHAR', 'prefix');
    expect(c.text).toBe('\\x1b[31mEVIL\\u{202e}');
    expect(c.title).toBe(c.text);
  });
});

describe('escapeLine', () => {
  it('escapes the bytes of an attacker-written line: controls, invalid UTF-8, overlongs, bidi and the backslash', () => {
    const b = Buffer.concat([Buffer.from('a\\b\x1b'), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from('é\u202e\u{1f600}\r')]);
    expect(escapeLine(b)).toBe('a\\\\b\\x1b\\xff\\xc0\\xafé\\u{202e}\u{1f600}\\x0d');
  });
});
