/** Two generated registers of two regions (an .xlsx and a Russian .csv) and a rates table, in a new folder: the consolidation tests' inputs. */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeCsv, writeRatesCsv, writeXlsx } from '../../bench/generate';

export async function twoRegions(prefix: string): Promise<{ dir: string; rates: string; a: string; b: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const rates = path.join(dir, 'rates.csv');
  await writeRatesCsv(rates);
  const a = path.join(dir, 'bko-2025.xlsx');
  const b = path.join(dir, 'akt-2025.csv');
  await writeXlsx(a, 150, { seed: 3 });
  await writeCsv(b, 90, { seed: 4, lang: 'ru' });
  return { dir, rates, a, b };
}
