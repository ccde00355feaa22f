/**
 * Builds samples/bko-register-2025-10.xlsx: the October 2025 West Kazakhstan mission to Beijing and
 * Nanjing as an economist would keep it. 14 memoranda worth exactly 134 bn tenge (two stated in yuan
 * only, converted at the sample NBK rates beside this file), the 17 bn tenge logistics hub (a proposal)
 * and the new CHP plant in Oral (under study, no value yet). Projects and their split are illustrative.
 * Run: npx tsx samples/make-sample.ts
 */
import * as path from 'path';
import ExcelJS from 'exceljs';

type Row = [number | null, string, string, string, string, number | string | null, number | null, Date | string | null, string, number | string | null, string | null];

const d = (day: number) => new Date(Date.UTC(2025, 9, day));
const ZONE = 'Индустриалдық аймақ, Орал қ.';
const JINYI = 'Beijing Jinyi Yuanfang холдингі';
const JINYI_NOTE = 'Холдингтің жылдық табысы 4,5 млрд юаньнан асады (инвестиция емес)';

// [№, name, investor, sector, location, value bn KZT, value mln CNY, date, status, jobs, notes]
const ROWS: Row[] = [
  [1, 'Автокомпоненттер зауыты', 'Jiangsu Huayu Auto Parts Co., Ltd.', 'Өндіріс', ZONE, 21, null, d(9), 'Меморандум', 650, null],
  [2, 'Полимер құбырлар өндірісі', 'Nanjing Jinling Pipe Co., Ltd.', 'Өндіріс', ZONE, 12.5, null, d(9), 'Меморандум', 320, null],
  [3, 'Күн электр станциясы, 100 МВт', 'China Green Power Investment Co.', 'Жасыл энергетика', ZONE, 18, null, d(9), 'Меморандум', 80, null],
  [4, 'Жел электр станциясы, 50 МВт', 'Nanjing New Energy Group', 'Жасыл энергетика', ZONE, null, 250, d(9), 'Меморандум', 45, 'Құны юаньмен көрсетілген'],
  [5, 'Фармацевтика зауыты', 'Beijing Tongren Pharma Co.', 'Медицина', ZONE, 9.8, null, d(9), 'Меморандум', 210, null],
  [6, 'Көпсалалы медициналық орталық', JINYI, 'Медицина', ZONE, null, 120, d(10), 'Меморандум', 300, JINYI_NOTE],
  [7, 'Қазақ-қытай кәсіптік білім беру орталығы', JINYI, 'Білім', ZONE, 2.4, null, '10 қазан 2025 ж.', 'Меморандум', 60, JINYI_NOTE],
  [8, 'Сауда-көрме орталығы', 'Beijing Hengtai Trade Co.', 'Сауда', ZONE, 6.5, null, d(10), 'Меморандум', 150, null],
  [9, 'Ауыл шаруашылығы техникасын құрастыру', 'Jiangsu Agricultural Machinery Co.', 'Өндіріс', ZONE, 8.4, null, d(10), 'Меморандум', 280, null],
  [10, 'Жылыжай кешені', 'Nanjing Agro Tech Co.', 'Өндіріс', ZONE, 5, null, d(10), 'Меморандум', 120, null],
  [11, 'Сүт өңдеу зауыты', 'Beijing Dairy Industry Co.', 'Өндіріс', ZONE, 4.6, null, d(10), 'Меморандум', 95, null],
  [12, 'Контейнерлік терминал', 'Nanjing Port Logistics Co.', 'Логистика', ZONE, 7.2, null, d(10), 'Меморандум', 110, null],
  [13, 'Шыны өнімдері зауыты', 'Jiangsu Glass Works Co.', 'Өндіріс', ZONE, '5 908,2 млн теңге', null, d(10), 'Меморандум', '250 орын', null],
  [14, 'Энергия сақтау жүйелері', 'China Energy Storage Tech Co.', 'Жасыл энергетика', ZONE, 4.6, null, d(10), 'Меморандум', 70, null],
  [15, 'Көлік-логистикалық хаб', 'Қытай тарапы (ұсыныс)', 'Логистика', 'Батыс Қазақстан облысы', 17, null, d(10), 'Ұсыныс, қаралуда', null, 'Транзиттік жүк тасымалына арналған'],
  [16, 'Орал қаласындағы жаңа жылу электр станциясы', 'Қытай тарапы (өз қаражаты есебінен)', 'Энергетика', 'Орал қ.', null, null, d(10), 'Зерделеу', null, 'Құны зерделеуден кейін анықталады'],
];

async function main(): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tizilim sample';
  const ws = wb.addWorksheet('Тізілім 2025-10');
  ws.getCell('A1').value = 'Батыс Қазақстан облысы: Қытай серіктестерімен инвестициялық жобалар тізілімі';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = '2025 жылғы 31 қазандағы жағдай бойынша';
  ws.getCell('A2').font = { italic: true };
  const header = ['№', 'Жобаның атауы', 'Инвестор (серіктес)', 'Саласы', 'Орналасқан жері', 'Құны, млрд теңге', 'Құны, млн юань', 'Келісім күні', 'Мәртебесі', 'Жұмыс орындары', 'Ескертпе'];
  ws.getRow(4).values = header;
  ws.getRow(4).font = { bold: true };
  ws.getRow(4).alignment = { wrapText: true, vertical: 'middle' };
  ROWS.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    row.values = r as ExcelJS.CellValue[];
    row.getCell(8).numFmt = 'dd.mm.yyyy';
    row.getCell(6).numFmt = '#,##0.0';
    row.getCell(7).numFmt = '#,##0.0';
  });
  const total = ws.getRow(5 + ROWS.length);
  total.getCell(2).value = 'Барлығы';
  total.getCell(6).value = 151;
  total.getCell(7).value = 370;
  total.getCell(6).numFmt = '#,##0.0';
  total.getCell(7).numFmt = '#,##0.0';
  total.font = { bold: true };
  const note = 5 + ROWS.length + 2;
  ws.getCell(note, 1).value = '* 14 меморандум 2025 жылғы 9–10 қазанда Бейжің мен Нанкинде жасалды; юаньмен берілген құн ҰБ бағамы бойынша теңгеге аударылады.';
  [5, 40, 36, 18, 28, 14, 14, 13, 18, 12, 40].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  const out = path.join(__dirname, 'bko-register-2025-10.xlsx');
  await wb.xlsx.writeFile(out);
  console.log(`wrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
