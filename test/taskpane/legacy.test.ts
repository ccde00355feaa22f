/**
 * The message for old webviews (src/taskpane/legacy.js) must run where the ES2020 bundle cannot even
 * be parsed: Internet Explorer 11 (Trident) understands ECMAScript 5 and no later. The script is parsed
 * here as ES5 (acorn, ecmaVersion 5) — and the parser is shown to refuse what ES5 does not have, so the
 * test could fail. Its words are the pane's three languages, and the pages load it before anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { parse } from 'acorn';

const ROOT = path.join(__dirname, '..', '..');
const LEGACY = path.join(ROOT, 'src/taskpane/legacy.js');
const source = fs.readFileSync(LEGACY, 'utf8');
const es5 = (code: string) => parse(code, { ecmaVersion: 5, sourceType: 'script' });

describe('legacy.js', () => {
  test('parses as ECMAScript 5', () => {
    expect(() => es5(source)).not.toThrow();
  });

  test('the ES5 parser refuses what Internet Explorer 11 cannot parse (so the test above can fail)', () => {
    for (const later of ['const a = 1;', 'let a = 1;', 'var f = () => 1;', 'var s = `x`;', 'var o = a?.b;', 'var o = a ?? b;', 'class A {}', 'try {} catch {}', 'var { a } = o;', 'for (var x of y) {}', 'async function f() {}']) {
      expect(() => es5(later)).toThrow();
    }
  });

  test('it uses no built-in that Internet Explorer 11 lacks', () => {
    // Names that parse as ES5 but are missing at run time in IE 11.
    for (const name of ['Promise', 'fetch', 'Symbol', 'Object.assign', 'Array.from', '.includes(', '.startsWith(', '.endsWith(', 'URLSearchParams', 'new URL(', 'Map(', 'Set(', 'document.currentScript', '.closest(', '.append(', '.replaceChildren(']) {
      expect([name, source.includes(name)]).toEqual([name, false]);
    }
  });

  test('each language says the same things: the title, why, where Tizilim works and what to do', () => {
    const start = source.indexOf('var TEXT = ');
    const end = source.indexOf('};', start) + 2;
    const TEXT = vm.runInNewContext(`(${source.slice(start + 'var TEXT = '.length, end - 1)})`) as Record<string, Record<string, unknown>>;
    expect(Object.keys(TEXT).sort()).toEqual(['en', 'kk', 'ru']);
    for (const l of ['kk', 'ru', 'en']) {
      expect(Object.keys(TEXT[l]).sort()).toEqual(['close', 'list', 'notStarted', 'title', 'webview', 'what', 'works']);
      expect((TEXT[l].list as string[]).length).toBe(4);
      expect(JSON.stringify(TEXT[l])).toMatch(/WebView2/);
      expect(JSON.stringify(TEXT[l])).toMatch(/2021/);
    }
  });

  test('every page loads it first, before office.js and the bundle', () => {
    for (const page of ['src/taskpane/taskpane.html', 'src/commands/commands.html', 'src/commands/dialog.html']) {
      const html = fs.readFileSync(path.join(ROOT, page), 'utf8');
      const scripts = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      expect([page, scripts[0]]).toEqual([page, 'legacy.js']);
      expect(html).toMatch(/<html [^>]*data-page="(taskpane|commands|dialog)"/);
    }
  });
});
