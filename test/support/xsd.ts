/**
 * An add-in manifest against Office's published XSDs (test/schemas, see SOURCES.md there), offline,
 * with libxml2's xmllint compiled to WebAssembly (the npm package xmllint-wasm): no system program.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCHEMAS = path.join(__dirname, '..', 'schemas');
const IMPORTED = ['OfficeAppBasicTypesV1_0.xsd', 'MailAppVersionOverridesV1_0.xsd', 'MailAppVersionOverridesV1_1.xsd', 'TaskPaneAppVersionOverridesV1_0.xsd'];

export async function validateManifest(contents: string): Promise<{ valid: boolean; errors: readonly { message: string }[] }> {
  const { validateXML } = await import('xmllint-wasm');
  const file = (n: string) => ({ fileName: n, contents: fs.readFileSync(path.join(SCHEMAS, n), 'utf8') });
  // The main schema first; the ones it imports by file name are preloaded under those names.
  return validateXML({ xml: [{ fileName: 'manifest.xml', contents }], schema: [file('OfficeAppManifestV1_1.xsd')], preload: IMPORTED.map(file) });
}
