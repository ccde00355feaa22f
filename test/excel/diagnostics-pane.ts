/**
 * The test add-in of `npm run test:excel` (test/excel/run.ts sideloads it into a real Excel): when
 * Office is ready it runs Diagnostics (src/excel/diagnostics.ts, the same checks as the pane's footer)
 * and sends one result per check to office-addin-test-server, with office-addin-test-helpers — the
 * way Office's own task-pane template tests an add-in end to end.
 */
import { pingTestServer, sendTestResults } from 'office-addin-test-helpers';
import { runDiagnostics } from '../../src/excel/diagnostics';
import { excelApiSupported } from '../../src/excel/support';

/** office-addin-test-server's port (its default). */
export const TEST_SERVER_PORT = 4201;

/** One result as the test server takes it; `detail` is what the check saw. */
export interface TestResult {
  resultName: string;
  resultValue: string;
  expectedValue: string;
  detail?: string;
}

function status(text: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
}

async function run(): Promise<void> {
  const results: TestResult[] = [];
  try {
    await pingTestServer(TEST_SERVER_PORT);
    status('Running Diagnostics…');
    const report = await runDiagnostics({
      excel: Excel as unknown as Parameters<typeof runDiagnostics>[0]['excel'],
      office: Office.context as unknown as Parameters<typeof runDiagnostics>[0]['office'],
      supports: excelApiSupported,
      tool: 'Tizilim test:excel',
      onCheck: (c, done, total) => status(`${done}/${total}: ${c.id} ${c.ok === false ? 'FAIL' : 'ok'}`),
    });
    results.push({ resultName: 'host', resultValue: `${report.host}; ${report.platform}; ${report.version}; ExcelApi ${report.excelApi ?? 'none'}`, expectedValue: '' });
    for (const c of report.checks) {
      results.push({ resultName: c.id, resultValue: c.ok === true ? 'pass' : c.ok === false ? 'fail' : 'n/a', expectedValue: 'pass', detail: c.detail.slice(0, 400) });
    }
  } catch (e) {
    results.push({ resultName: 'test-error', resultValue: (e instanceof Error ? e.message : JSON.stringify(e)).slice(0, 400), expectedValue: 'no-error' });
  }
  const sent = await sendTestResults(results, TEST_SERVER_PORT);
  status(sent ? 'Results sent: this Excel may be closed.' : 'The results could not be sent to the test server.');
}

Office.onReady((info) => {
  if (info.host === Office.HostType.Excel) void run();
  else status(`Not Excel: ${String(info.host)}`);
});
