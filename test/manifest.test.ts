/**
 * The add-in manifest as Excel reads it: a task pane for workbooks, the Home-tab group with its two
 * buttons, every string in English, Russian and Kazakh, every icon a real PNG of the right size,
 * and a production copy that no longer points at the dev server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEV_URL, normalizeAddinUrl, rewriteManifestUrls } from '../tools/manifest-url';
import { validateManifest } from './support/xsd';

const ROOT = path.join(__dirname, '..');
const MANIFEST = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

// ---- a small XML reader (elements, attributes, text; enough for a manifest) ----------------

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function parseXml(xml: string): El {
  const body = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const token = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  const root: El = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body))) {
    if (m.index !== consumed) throw new Error(`unparsed XML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
    consumed = token.lastIndex;
    const [, closing, name, attrText, selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      top.text += decode(text);
    } else if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]] = decode(a[2]);
      const el: El = { name, attrs, children: [], text: '' };
      top.children.push(el);
      if (!selfClosing) stack.push(el);
    }
  }
  if (consumed !== body.length || stack.length !== 1) throw new Error('XML not well formed');
  return root;
}

/** Elements matched by a path of names ("*" for any) below el, e.g. path(app, 'Hosts', 'Host'). */
function all(el: El, ...names: string[]): El[] {
  let level = [el];
  for (const name of names) level = level.flatMap((e) => e.children.filter((c) => name === '*' || c.name === name));
  return level;
}

function one(el: El, ...names: string[]): El {
  const found = all(el, ...names);
  if (found.length !== 1) throw new Error(`expected one ${names.join('/')}, found ${found.length}`);
  return found[0];
}

function descendants(el: El): El[] {
  return el.children.flatMap((c) => [c, ...descendants(c)]);
}

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The file in assets/ an add-in URL points at. */
function assetFile(url: string): string {
  expect(url.startsWith(`${DEV_URL}assets/`)).toBe(true);
  return path.join(ROOT, url.slice(DEV_URL.length));
}

const LOCALES = ['ru-RU', 'kk-KZ'];

function overrides(el: El): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of el.children.filter((c) => c.name === 'Override' || c.name === 'bt:Override')) {
    out[o.attrs.Locale] = o.attrs.Value;
  }
  return out;
}

// ---- the manifest --------------------------------------------------------------------------

const doc = parseXml(MANIFEST);
const app = one(doc, 'OfficeApp');
const vo = one(app, 'VersionOverrides');
const resources = one(vo, 'Resources');
const desktop = one(vo, 'Hosts', 'Host', 'DesktopFormFactor');

/** Resources by id: images, urls, short and long strings. */
const resourceById = new Map<string, { kind: string; el: El }>();
for (const group of resources.children) {
  for (const item of group.children) {
    expect(resourceById.has(item.attrs.id)).toBe(false);
    resourceById.set(item.attrs.id, { kind: group.name, el: item });
  }
}

function resource(resid: string, kind: string): string {
  const r = resourceById.get(resid);
  if (!r) throw new Error(`resid ${resid} is not defined in Resources`);
  expect(r.kind).toBe(kind);
  return r.el.attrs.DefaultValue;
}

describe('manifest.xml: an Excel task pane add-in', () => {
  test('is a TaskPaneApp with an Id, version 0.1.0.0 and en-US as the default locale', () => {
    expect(app.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(app.attrs.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(one(app, 'Id').text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(one(app, 'Version').text).toBe('0.1.0.0');
    expect(one(app, 'DefaultLocale').text).toBe('en-US');
    expect(one(app, 'ProviderName').text.trim()).not.toBe('');
  });

  test('runs in workbooks, with ExcelApi 1.7, and may read and write the document', () => {
    expect(all(app, 'Hosts', 'Host').map((h) => h.attrs.Name)).toEqual(['Workbook']);
    const sets = one(app, 'Requirements', 'Sets');
    expect(sets.attrs.DefaultMinVersion).toBe('1.1');
    const excelApi = all(sets, 'Set').find((s) => s.attrs.Name === 'ExcelApi');
    expect(excelApi?.attrs.MinVersion).toBe('1.7');
    expect(one(app, 'Permissions').text).toBe('ReadWriteDocument');
  });

  test('opens https://localhost:3000/taskpane.html', () => {
    expect(one(app, 'DefaultSettings', 'SourceLocation').attrs.DefaultValue).toBe(`${DEV_URL}taskpane.html`);
  });

  test('has its name and description in English, Russian and Kazakh', () => {
    const name = one(app, 'DisplayName');
    expect(name.attrs.DefaultValue).toBe('Tizilim — investment register');
    expect(overrides(name)).toEqual({
      'ru-RU': 'Тізілім — реестр инвестпроектов',
      'kk-KZ': 'Тізілім — инвестициялық жобалар тізілімі',
    });
    const description = one(app, 'Description');
    expect(Object.keys(overrides(description)).sort()).toEqual([...LOCALES].sort());
    for (const text of [description.attrs.DefaultValue, ...Object.values(overrides(description))]) {
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(250);
    }
  });

  test('uses VersionOverrides 1.0 (validates offline) with a function file for the commands', () => {
    expect(vo.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(vo.attrs['xsi:type']).toBe('VersionOverridesV1_0');
    expect(one(vo, 'Hosts', 'Host').attrs['xsi:type']).toBe('Workbook');
    expect(resource(one(desktop, 'FunctionFile').attrs.resid, 'bt:Urls')).toBe(`${DEV_URL}commands.html`);
    const getStarted = one(desktop, 'GetStarted');
    expect(all(getStarted, '*').map((e) => e.name)).toEqual(['Title', 'Description', 'LearnMoreUrl']);
  });

  test('puts a Tizilim group on the Home tab with "Open Tizilim" and "Check now"', () => {
    const surface = one(desktop, 'ExtensionPoint');
    expect(surface.attrs['xsi:type']).toBe('PrimaryCommandSurface');
    const tab = one(surface, 'OfficeTab');
    expect(tab.attrs.id).toBe('TabHome');
    const group = one(tab, 'Group');
    expect(resource(one(group, 'Label').attrs.resid, 'bt:ShortStrings')).toBe('Tizilim');

    const [open, check] = all(group, 'Control');
    expect(all(group, 'Control')).toHaveLength(2);
    for (const control of [open, check]) expect(control.attrs['xsi:type']).toBe('Button');

    expect(resource(one(open, 'Label').attrs.resid, 'bt:ShortStrings')).toBe('Open Tizilim');
    const show = one(open, 'Action');
    expect(show.attrs['xsi:type']).toBe('ShowTaskpane');
    expect(one(show, 'TaskpaneId').text).toBe('ButtonId1');
    expect(resource(one(show, 'SourceLocation').attrs.resid, 'bt:Urls')).toBe(`${DEV_URL}taskpane.html`);

    expect(resource(one(check, 'Label').attrs.resid, 'bt:ShortStrings')).toBe('Check now');
    const execute = one(check, 'Action');
    expect(execute.attrs['xsi:type']).toBe('ExecuteFunction');
    expect(one(execute, 'FunctionName').text).toBe('checkNow');
  });

  test('the function the "Check now" button names is the one commands.ts registers', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src/commands/commands.ts'), 'utf8');
    const name = one(desktop, 'ExtensionPoint', 'OfficeTab', 'Group')
      .children.filter((c) => c.name === 'Control')
      .map((c) => one(c, 'Action'))
      .filter((a) => a.attrs['xsi:type'] === 'ExecuteFunction')
      .map((a) => one(a, 'FunctionName').text);
    expect(name).toEqual(['checkNow']);
    expect(source).toContain(`Office.actions.associate('checkNow', checkNow)`);
  });

  test('every icon is a PNG in assets/ of the size the manifest claims', () => {
    const icon = one(app, 'IconUrl').attrs.DefaultValue;
    expect(pngSize(assetFile(icon))).toEqual({ width: 32, height: 32 });
    const highRes = one(app, 'HighResolutionIconUrl').attrs.DefaultValue;
    expect(pngSize(assetFile(highRes))).toEqual({ width: 64, height: 64 });

    const images = all(resources, 'bt:Images', 'bt:Image');
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) {
      const size = Number(/icon-(\d+)\.png$/.exec(image.attrs.DefaultValue)?.[1]);
      expect(pngSize(assetFile(image.attrs.DefaultValue))).toEqual({ width: size, height: size });
    }
    // where a control or group uses an image, the size it asks for is the size it gets
    const uses = descendants(vo).filter((e) => e.name === 'bt:Image' && e.attrs.size);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const file = assetFile(resource(use.attrs.resid, 'bt:Images'));
      const size = Number(use.attrs.size);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
  });

  test('assets/ holds the 16, 32, 64, 80 and 128 px icons', () => {
    for (const size of [16, 32, 64, 80, 128]) {
      expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  test('every resid used is defined in Resources, and every resource is used', () => {
    const used = new Set(descendants(vo).filter((e) => e.attrs.resid).map((e) => e.attrs.resid));
    for (const resid of used) expect(resourceById.has(resid)).toBe(true);
    expect([...resourceById.keys()].filter((id) => !used.has(id))).toEqual([]);
    for (const id of resourceById.keys()) expect(id.length).toBeLessThanOrEqual(32);
  });

  test('every short and long string has Russian and Kazakh overrides that fit', () => {
    const strings = [
      ...all(resources, 'bt:ShortStrings', 'bt:String').map((el) => ({ el, max: 125 })),
      ...all(resources, 'bt:LongStrings', 'bt:String').map((el) => ({ el, max: 250 })),
    ];
    expect(strings.length).toBeGreaterThan(0);
    for (const { el, max } of strings) {
      const o = overrides(el);
      expect({ id: el.attrs.id, locales: Object.keys(o).sort() }).toEqual({ id: el.attrs.id, locales: [...LOCALES].sort() });
      for (const text of [el.attrs.DefaultValue, ...Object.values(o)]) {
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe('the production manifest', () => {
  const url = 'https://apps.example.kz/tizilim/';

  test('has every dev-server URL replaced by the deployment URL, none left behind', () => {
    const before = MANIFEST.split(DEV_URL).length - 1;
    expect(before).toBeGreaterThan(5);
    const prod = rewriteManifestUrls(MANIFEST, url);
    expect(prod).not.toMatch(/https?:\/\/localhost|localhost:3000/);
    expect(prod.split(url).length - 1).toBe(before);

    const prodApp = one(parseXml(prod), 'OfficeApp');
    expect(one(prodApp, 'DefaultSettings', 'SourceLocation').attrs.DefaultValue).toBe(`${url}taskpane.html`);
    const urls = all(prodApp, 'VersionOverrides', 'Resources', '*', '*')
      .map((e) => e.attrs.DefaultValue)
      .filter((v) => v.startsWith('https://'));
    for (const u of urls) expect(u.startsWith('https://localhost')).toBe(false);
  });

  test('the deployment URL gets a trailing slash and must be https, not localhost', () => {
    expect(normalizeAddinUrl('https://apps.example.kz/tizilim')).toBe('https://apps.example.kz/tizilim/');
    expect(rewriteManifestUrls(MANIFEST, 'https://apps.example.kz')).toContain(
      'DefaultValue="https://apps.example.kz/taskpane.html"',
    );
    expect(() => normalizeAddinUrl('http://apps.example.kz/')).toThrow(/https/);
    expect(() => normalizeAddinUrl('https://localhost:3000/')).toThrow(/localhost/);
    expect(() => normalizeAddinUrl('not a url')).toThrow(/not a URL/);
    expect(() => normalizeAddinUrl('https://apps.example.kz/?v=1')).toThrow(/query/);
  });
});

describe('manifest.xml against Office\'s published XSDs (offline: libxml2\'s xmllint as WebAssembly, from npm)', () => {
  // The schemas (test/schemas, see SOURCES.md there) predate VersionOverrides 1.1, which we do not use.
  const manifestPath = path.join(__dirname, '..', 'manifest.xml');
  const validate = validateManifest;

  test('the manifest is valid', async () => {
    const res = await validate(fs.readFileSync(manifestPath, 'utf8'));
    expect(res.errors).toEqual([]);
    expect(res.valid).toBe(true);
  });

  test('a manifest with an unknown permission is rejected, so the check can fail', async () => {
    const bad = fs.readFileSync(manifestPath, 'utf8').replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>EverythingPlease</Permissions>');
    const res = await validate(bad);
    expect(res.valid).toBe(false);
    expect(res.errors.map((e) => e.message).join('\n')).toMatch(/EverythingPlease/);
  });
});

describe('manifest.xml: the custom functions TIZILIM.* (src/functions)', () => {
  const host = one(vo, 'Hosts', 'Host');
  const point = one(host, 'AllFormFactors', 'ExtensionPoint');
  const urls = (resid: string) => {
    const el = resourceById.get(resid)?.el;
    if (!el) throw new Error(`resid ${resid} is not defined`);
    return { default: el.attrs.DefaultValue, overrides: overrides(el) };
  };

  test('a CustomFunctions extension point for all form factors, before the desktop one, with script, page, metadata and namespace', () => {
    expect(host.children.map((c) => c.name)).toEqual(['AllFormFactors', 'DesktopFormFactor']);
    expect(point.attrs['xsi:type']).toBe('CustomFunctions');
    expect(point.children.map((c) => c.name)).toEqual(['Script', 'Page', 'Metadata', 'Namespace']);
    expect(resource(one(point, 'Script', 'SourceLocation').attrs.resid, 'bt:Urls')).toBe(`${DEV_URL}functions.js`);
    expect(resource(one(point, 'Page', 'SourceLocation').attrs.resid, 'bt:Urls')).toBe(`${DEV_URL}functions.html`);
  });

  test('the metadata has a file per language, chosen by the locale\'s Override of its URL', () => {
    const meta = urls(one(point, 'Metadata', 'SourceLocation').attrs.resid);
    expect(meta).toEqual({
      default: `${DEV_URL}functions.json`,
      overrides: { 'ru-RU': `${DEV_URL}functions.ru.json`, 'kk-KZ': `${DEV_URL}functions.kk.json` },
    });
  });

  test('the namespace is TIZILIM, localized from the words catalogue, at most 32 characters', async () => {
    const { t } = await import('../src/core/words');
    const ns = urls(one(point, 'Namespace').attrs.resid);
    expect(ns.default).toBe('TIZILIM');
    expect(ns.default).toBe(t('fn.namespace', 'en'));
    expect(ns.overrides).toEqual({ 'ru-RU': t('fn.namespace', 'ru'), 'kk-KZ': t('fn.namespace', 'kk') });
    for (const v of [ns.default, ...Object.values(ns.overrides)]) expect(v.length).toBeLessThanOrEqual(32);
  });

  test('no shared runtime (<Runtimes>), which would put the pane in Internet Explorer 11 where WebView2 is absent', () => {
    expect(descendants(doc).filter((e) => e.name === 'Runtimes' || e.name === 'Runtime')).toEqual([]);
  });

  test('the XSD refuses a CustomFunctions extension point without its script, so the check above can fail', async () => {
    const bad = MANIFEST.replace(/<Script>[\s\S]*?<\/Script>/, '');
    expect(bad).not.toBe(MANIFEST);
    const res = await validateManifest(bad);
    expect(res.valid).toBe(false);
  });
});
