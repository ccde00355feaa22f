/**
 * Words as data: every message the core produces, in Kazakh, Russian and English, keyed by a stable
 * key and filled from parameters, so switching the language re-words findings without re-running checks.
 */
import { SHEET_LABELS } from './labels';

export type Lang = 'kk' | 'ru' | 'en';
export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

export function isLang(s: unknown): s is Lang {
  return s === 'kk' || s === 'ru' || s === 'en';
}

export type Params = Record<string, string | number | null | undefined>;

type Table = Record<string, Record<Lang, string>>;

/** Messages of findings, by finding code. */
export const FINDING_MESSAGES: Table = {
  HEADER_MISSING: {
    kk: '«{field}» бағаны тақырыпта табылмады.',
    ru: 'В шапке не найден столбец «{field}».',
    en: 'No "{field}" column was found in the header.',
  },
  HEADER_DUPLICATE: {
    kk: '«{field}» өрісіне екі баған сәйкес келеді: {used} қолданылды, {other} ескерілмеді.',
    ru: 'Полю «{field}» соответствуют два столбца: использован {used}, столбец {other} не учтён.',
    en: 'Two columns map to "{field}": {used} is used, {other} is ignored.',
  },
  MISSING_VALUE: {
    kk: '«{field}» толтырылмаған.',
    ru: 'Не заполнено поле «{field}».',
    en: '"{field}" is empty.',
  },
  AMOUNT_UNREADABLE: {
    kk: '«{value}» сомасын оқу мүмкін емес.',
    ru: 'Не удалось прочитать сумму «{value}».',
    en: 'The amount "{value}" cannot be read.',
  },
  CELL_ERROR: {
    kk: 'Ұяшықта Excel қатесі тұр: {value}.',
    ru: 'В ячейке ошибка Excel: {value}.',
    en: 'The cell holds an Excel error: {value}.',
  },
  NUMBER_AS_TEXT: {
    kk: '«{value}» сомасы мәтін ретінде жазылған: дұрыс оқылды, бірақ Excel оны қоспайды.',
    ru: 'Сумма «{value}» записана текстом: прочитана верно, но Excel её не суммирует.',
    en: 'The figure "{value}" is stored as text: read correctly, but Excel will not sum it.',
  },
  CURRENCY_UNKNOWN: {
    kk: '«{value}» сомасының валютасы белгісіз: ұяшықта да, бағанда да көрсетілмеген.',
    ru: 'Валюта суммы «{value}» неизвестна: её нет ни в ячейке, ни в столбце.',
    en: 'The currency of "{value}" is unknown: neither the cell nor the column names one.',
  },
  CURRENCY_AMBIGUOUS: {
    kk: '«{value}»: «¥» белгісі юань да, иена да болуы мүмкін; валютаны нақтылаңыз.',
    ru: '«{value}»: знак «¥» может означать и юань, и иену; уточните валюту.',
    en: '"{value}": "¥" may be yuan or yen; state the currency.',
  },
  CURRENCY_CONFLICT: {
    kk: '«{value}» ұяшығында {cellCurrency} көрсетілген, ал баған {columnCurrency} бағаны.',
    ru: 'В ячейке «{value}» указана валюта {cellCurrency}, а столбец — в {columnCurrency}.',
    en: 'The cell "{value}" names {cellCurrency}, but its column is in {columnCurrency}.',
  },
  NEGATIVE_AMOUNT: {
    kk: 'Сома теріс: {value}.',
    ru: 'Отрицательная сумма: {value}.',
    en: 'The amount is negative: {value}.',
  },
  UNIT_SUSPECT: {
    kk: '{value} сомасы {currency} бойынша медианадан ({median}) мың еседен артық алшақ: өлшем бірлігі қате болуы мүмкін.',
    ru: 'Сумма {value} отличается от медианы по {currency} ({median}) в тысячу и более раз: возможно, неверная единица.',
    en: '{value} is a thousand times or more away from the {currency} median ({median}): probably keyed in the wrong unit.',
  },
  PRECISION: {
    kk: '«{value}» сомасында тиыннан кіші бөлік бар ({amount}).',
    ru: 'В сумме «{value}» больше двух знаков после запятой ({amount}).',
    en: '"{value}" has more than 2 decimals ({amount}).',
  },
  APPROXIMATE: {
    kk: '«{value}» — {qualifier} сома; есепте {amount} ретінде алынды.',
    ru: '«{value}» — {qualifier} сумма; в расчёт взято {amount}.',
    en: '"{value}" is {qualifier}; {amount} is used.',
  },
  CROSS_RATE: {
    kk: 'Теңге мен юань арасындағы бағам {implied}, ал ҰБ бағамы {official} ({date}): айырма {diff}%.',
    ru: 'Курс между тенге и юанями {implied}, а курс НБ РК {official} ({date}): расхождение {diff}%.',
    en: 'The tenge/yuan ratio is {implied}, the NBK rate is {official} ({date}): {diff}% apart.',
  },
  RATE_MISSING: {
    kk: '{currency} бағамы {date} күніне немесе одан бұрын табылмады: сома теңгеге аударылмады.',
    ru: 'Нет курса {currency} на {date} или ранее: сумма не пересчитана в тенге.',
    en: 'No {currency} rate on or before {date}: the figure was not converted to tenge.',
  },
  DATE_INVALID: {
    kk: '«{value}» күні жарамсыз: {reason}.',
    ru: 'Недопустимая дата «{value}»: {reason}.',
    en: 'The date "{value}" is not valid: {reason}.',
  },
  STATUS_UNKNOWN: {
    kk: '«{value}» мәртебесі белгісіз; жазылғандай сақталды.',
    ru: 'Неизвестный статус «{value}»; сохранён как есть.',
    en: 'Unknown status "{value}"; kept as written.',
  },
  DUPLICATE_PROJECT: {
    kk: 'Бұл жоба {earlier} жолында бар.',
    ru: 'Этот проект уже есть в строке {earlier}.',
    en: 'The same project is already in row {earlier}.',
  },
  TOTAL_MISMATCH: {
    kk: 'Қорытынды жол {stated} {currency} дейді, ал жолдардың қосындысы {computed} {currency}.',
    ru: 'Итоговая строка: {stated} {currency}, а сумма строк: {computed} {currency}.',
    en: 'The total row says {stated} {currency}; its rows add up to {computed} {currency}.',
  },
  CONTROL_MISMATCH: {
    kk: '«{field}» бақылау көрсеткіші ({scope}): {expected}, ал тізілімде {actual}.',
    ru: 'Контрольный показатель «{field}» ({scope}): {expected}, а в реестре {actual}.',
    en: 'Control figure "{field}" ({scope}): {expected}, but the register has {actual}.',
  },
  TEXT_TOO_LONG: {
    kk: '«{field}» ұяшығында {length} таңба бар, ал Excel ұяшығына ең көбі {limit} таңба сыяды: қорытынды кітапқа алғашқы {limit} таңбасы ғана жазылады (JSON-да мәтін толық).',
    ru: 'В ячейке «{field}» {length} знаков, а в ячейку Excel помещается не больше {limit}: в сводную книгу записаны только первые {limit} знаков (в JSON текст полностью).',
    en: '"{field}" holds {length} characters, and an Excel cell holds at most {limit}: the summary workbook keeps the first {limit} only (the JSON keeps the whole text).',
  },
  TOTAL_DOUBTFUL: {
    kk: '«{value}» қорытынды жолға ұқсайды, бірақ {reason}: жол жоба ретінде оқылып, есепке алынды. Бұл қорытынды жол болса, жолды түзетіңіз.',
    ru: '«{value}» похоже на итоговую строку, но {reason}: строка прочитана как проект и учтена. Если это итог, исправьте строку.',
    en: '"{value}" looks like a total row, but {reason}: it is read as a project and counted. If it is a total, correct the row.',
  },
  NOTE_PROJECT_LIKE: {
    kk: '«{value}» қорытынды жолдан төмен, сондықтан ескертпе ретінде оқылды, бірақ онда «{what}» толтырылған: бұл жоба болса, оны қорытынды жолдың үстіне көшіріңіз.',
    ru: '«{value}» ниже итоговой строки и прочитана как примечание, хотя в ней заполнено поле «{what}»: если это проект, перенесите его выше итоговой строки.',
    en: '"{value}" is below the total row and is read as a note, though its "{what}" is filled: if it is a project, move it above the total row.',
  },
};

/** Reasons, qualifiers and field names used inside messages. */
export const WORDS: Table = {
  'reason.unreadable': { kk: 'оқылмайды', ru: 'не читается', en: 'cannot be read' },
  'reason.future': { kk: 'болашақ күн', ru: 'дата в будущем', en: 'in the future' },
  'reason.before1991': { kk: '1991 жылға дейін', ru: 'раньше 1991 года', en: 'before 1991' },
  'qualifier.over': { kk: 'төменгі шегі көрсетілген («астам»)', ru: 'указана нижняя граница («свыше»)', en: 'a lower bound ("over")' },
  'qualifier.approx': { kk: 'шамамен алынған', ru: 'приблизительная', en: 'approximate' },
  'field.count': { kk: 'Жобалар саны', ru: 'Количество проектов', en: 'Number of projects' },
  'scope.all': { kk: 'барлық жобалар', ru: 'все проекты', en: 'all projects' },
  'doubt.number': { kk: 'жолда № бағанында нөмір бар', ru: 'в строке есть номер в графе №', en: 'the row has a number in the № column' },
  'doubt.status': { kk: 'жолда мәртебесі көрсетілген', ru: 'в строке указан статус', en: 'the row has a status' },
  'doubt.date': { kk: 'жолда күні көрсетілген', ru: 'в строке указана дата', en: 'the row has a date' },
  'doubt.investor': { kk: 'жолда инвесторы көрсетілген', ru: 'в строке указан инвестор', en: 'the row names an investor' },
  'doubt.words': { kk: 'қорытынды сөзден кейін басқа сөздер бар', ru: 'после итогового слова идут другие слова', en: 'other words follow the total word' },
  'doubt.column': { kk: 'ол атау не № бағанында емес', ru: 'оно стоит не в графе наименования или №', en: 'it is not in the name or № column' },
  'field.number': { kk: '№', ru: '№', en: 'No.' },
  'field.name': { kk: 'Жобаның атауы', ru: 'Наименование проекта', en: 'Project name' },
  'field.investor': { kk: 'Инвестор', ru: 'Инвестор', en: 'Investor' },
  'field.country': { kk: 'Инвестор елі', ru: 'Страна инвестора', en: 'Investor country' },
  'field.sector': { kk: 'Сала', ru: 'Отрасль', en: 'Sector' },
  'field.location': { kk: 'Орналасқан жері', ru: 'Место реализации', en: 'Location' },
  'field.KZT': { kk: 'Құны, теңге', ru: 'Стоимость, тенге', en: 'Value, tenge' },
  'field.CNY': { kk: 'Құны, юань', ru: 'Стоимость, юаней', en: 'Value, yuan' },
  'field.USD': { kk: 'Құны, АҚШ доллары', ru: 'Стоимость, долл. США', en: 'Value, US dollars' },
  'field.EUR': { kk: 'Құны, еуро', ru: 'Стоимость, евро', en: 'Value, euro' },
  'field.RUB': { kk: 'Құны, рубль', ru: 'Стоимость, рублей', en: 'Value, roubles' },
  'field.value': { kk: 'Жобаның құны', ru: 'Стоимость проекта', en: 'Project value' },
  'field.date': { kk: 'Келісім күні', ru: 'Дата соглашения', en: 'Agreement date' },
  'field.status': { kk: 'Мәртебесі', ru: 'Статус', en: 'Status' },
  'field.jobs': { kk: 'Жұмыс орындары', ru: 'Рабочие места', en: 'Jobs' },
  'field.capacity': { kk: 'Қуаты', ru: 'Мощность', en: 'Capacity' },
  'field.timeline': { kk: 'Іске асыру мерзімі', ru: 'Срок реализации', en: 'Timeline' },
  'field.notes': { kk: 'Ескертпе', ru: 'Примечание', en: 'Notes' },
};

/** Problems that make an input unusable (exit code 2 in the CLI, nothing written). */
export const INPUT_MESSAGES: Table = {
  FILE_MISSING: { kk: '{file}: файл табылмады.', ru: '{file}: файл не найден.', en: '{file}: file not found.' },
  FILE_TOO_LARGE: {
    kk: '{file}: файл тым үлкен ({size} МБ, шегі {limit} МБ).',
    ru: '{file}: файл слишком большой ({size} МБ, предел {limit} МБ).',
    en: '{file}: the file is too large ({size} MB, the limit is {limit} MB).',
  },
  NOT_A_WORKBOOK: {
    kk: '{file}: бұл Excel кітабы емес (.xlsx, .xlsm немесе .csv күтілді).',
    ru: '{file}: это не книга Excel (ожидается .xlsx, .xlsm или .csv).',
    en: '{file}: this is not an Excel workbook (.xlsx, .xlsm or .csv expected).',
  },
  PASSWORD_PROTECTED: {
    kk: '{file}: кітап құпиясөзбен қорғалған; құпиясөзді алып тастап, қайта сақтаңыз.',
    ru: '{file}: книга защищена паролем; снимите пароль и сохраните заново.',
    en: '{file}: the workbook is password-protected; remove the password and save it again.',
  },
  SHEET_MISSING: {
    kk: '{file}: «{sheet}» парағы жоқ. Бар парақтар: {sheets}.',
    ru: '{file}: нет листа «{sheet}». Есть листы: {sheets}.',
    en: '{file}: there is no sheet "{sheet}". Sheets: {sheets}.',
  },
  SHEET_EMPTY: {
    kk: '{file}, «{sheet}» парағы: парақ бос.',
    ru: '{file}, лист «{sheet}»: лист пуст.',
    en: '{file}, sheet "{sheet}": the sheet is empty.',
  },
  NO_HEADER: {
    kk: '{file}, «{sheet}» парағы: алғашқы {rows} жолда тізілімнің тақырыбы табылмады (жоба атауы мен құны бағандары керек).',
    ru: '{file}, лист «{sheet}»: в первых {rows} строках не найдена шапка реестра (нужны столбцы наименования проекта и стоимости).',
    en: '{file}, sheet "{sheet}": no register header in the first {rows} rows (a project name column and a value column are needed).',
  },
  CSV_ENCODING: {
    kk: '{file}: CSV кодтауын анықтау мүмкін болмады; UTF-8 ретінде сақтаңыз.',
    ru: '{file}: не удалось определить кодировку CSV; сохраните файл в UTF-8.',
    en: '{file}: the CSV encoding cannot be decided; save the file as UTF-8.',
  },
  RATES_UNREADABLE: {
    kk: '{file}: бағамдар файлын оқу мүмкін емес: {reason}',
    ru: '{file}: не удалось прочитать файл курсов: {reason}',
    en: '{file}: the rates file cannot be read: {reason}',
  },
  OUTPUT_FAILED: {
    kk: '{file}: нәтижені жазу мүмкін болмады: {reason}',
    ru: '{file}: не удалось записать результат: {reason}',
    en: '{file}: the output cannot be written: {reason}',
  },
  INPUT_IS_FOLDER: {
    kk: '{file}: бұл файл емес, бума. Тізілімнің немесе бағамдардың файлын көрсетіңіз.',
    ru: '{file}: это папка, а не файл. Укажите файл реестра или курсов.',
    en: '{file}: this is a folder, not a file. Name the register or rates file.',
  },
  NOT_A_FILE: {
    kk: '{file}: бұл кәдімгі файл емес (құрылғы немесе арна); оны оқуға болмайды. Дискідегі файлды көрсетіңіз.',
    ru: '{file}: это не обычный файл (устройство или канал); его нельзя прочитать. Укажите файл на диске.',
    en: '{file}: this is not a regular file (a device or a pipe) and cannot be read. Name a file on disk.',
  },
  OUTPUT_IS_INPUT: {
    kk: '{option} {file}: бұл — кіріс файлдың өзі ({input}); оның орнына жазылмайды. Нәтиже үшін басқа атау беріңіз. Ештеңе жазылған жоқ.',
    ru: '{option} {file}: это входной файл ({input}); записывать поверх него нельзя. Укажите для результата другое имя. Ничего не записано.',
    en: '{option} {file}: this is an input ({input}); it is never overwritten. Give the output another name. Nothing was written.',
  },
  OUTPUT_IS_FOLDER: {
    kk: '{option} {file}: бұл бума; нәтиже файлының атын беріңіз. Ештеңе жазылған жоқ.',
    ru: '{option} {file}: это папка; укажите имя файла результата. Ничего не записано.',
    en: '{option} {file}: this is a folder; give the output a file name. Nothing was written.',
  },
  OUTPUT_TWICE: {
    kk: '{option} {file}: бұл файл {other} үшін де берілген; әр нәтижеге өз атауын беріңіз. Ештеңе жазылған жоқ.',
    ru: '{option} {file}: этот же файл указан и для {other}; дайте каждому результату своё имя. Ничего не записано.',
    en: '{option} {file}: the same file is given for {other}; give each output its own name. Nothing was written.',
  },
  // What the readers (src/xlsx/book.ts, read.ts, stream-read.ts) refuse; the limits are README's size rule.
  FORMAT_XLS: {
    kk: '{file}: бұл ескі Excel 97–2003 кітабы (.xls). Оны Excel-де не LibreOffice-те ашып, .xlsx ретінде сақтаңыз.',
    ru: '{file}: это книга старого формата Excel 97–2003 (.xls). Откройте её в Excel или LibreOffice и сохраните как .xlsx.',
    en: '{file}: this is an old Excel 97–2003 workbook (.xls). Open it in Excel or LibreOffice and save it as .xlsx.',
  },
  FORMAT_XLSB: {
    kk: '{file}: бұл Excel-дің екілік кітабы (.xlsb). Оны Excel-де ашып, .xlsx ретінде сақтаңыз.',
    ru: '{file}: это двоичная книга Excel (.xlsb). Откройте её в Excel и сохраните как .xlsx.',
    en: '{file}: this is an Excel binary workbook (.xlsb). Open it in Excel and save it as .xlsx.',
  },
  FORMAT_ODS: {
    kk: '{file}: бұл OpenDocument кестесі (.ods). Оны LibreOffice-те не Excel-де ашып, .xlsx ретінде сақтаңыз.',
    ru: '{file}: это таблица OpenDocument (.ods). Откройте её в LibreOffice или Excel и сохраните как .xlsx.',
    en: '{file}: this is an OpenDocument spreadsheet (.ods). Open it in LibreOffice or Excel and save it as .xlsx.',
  },
  CELL_OUT_OF_RANGE: {
    kk: '{file}, «{sheet}» парағы: {cell} ұяшығы Excel шегінен тыс (1 048 576 жол, XFD бағаны); файл бүлінген.',
    ru: '{file}, лист «{sheet}»: ячейка {cell} за пределами Excel (1 048 576 строк, столбец XFD); файл повреждён.',
    en: '{file}, sheet "{sheet}": cell {cell} lies beyond Excel\'s limits (1,048,576 rows, column XFD); the file is damaged.',
  },
  CELL_TEXT_TOO_LONG: {
    kk: '{file}, «{sheet}» парағы, {cell} ұяшығы: мәтін {limit} таңбадан ұзын (Excel ұяшығына 32 767 таңба ғана сыяды); бұл тізілім емес не файл бүлінген.',
    ru: '{file}, лист «{sheet}», ячейка {cell}: текст длиннее {limit} символов (в ячейку Excel помещается лишь 32 767); это не реестр или файл повреждён.',
    en: '{file}, sheet "{sheet}", cell {cell}: the text is longer than {limit} characters (an Excel cell holds 32,767); it is not a register, or the file is damaged.',
  },
  TOO_MANY_STRINGS: {
    kk: '{file}: кітапта мәтін тым көп ({limit} ортақ жолдан астам); бұл тізілім емес не файл бүлінген.',
    ru: '{file}: в книге слишком много строк текста (более {limit} общих строк); это не реестр или файл повреждён.',
    en: '{file}: the workbook holds too much text (more than {limit} shared strings); it is not a register, or it is damaged.',
  },
  PART_TOO_LARGE: {
    kk: '{file}: «{part}» бөлігі ашылғанда {limit} МБ-тан асады; бұл тізілім емес не файл бүлінген.',
    ru: '{file}: часть «{part}» при распаковке превышает {limit} МБ; это не реестр или файл повреждён.',
    en: '{file}: part "{part}" unpacks to more than {limit} MB; it is not a register, or the file is damaged.',
  },
  GRID_TOO_LARGE: {
    kk: '{file}, «{sheet}» парағы: пайдаланылған аумақ {range} тым үлкен ({cells} ұяшық, шегі {limit}). Кестеден тыс ұяшықтарды тазалаңыз немесе `tizilim summarize` пайдаланыңыз.',
    ru: '{file}, лист «{sheet}»: используемый диапазон {range} слишком велик ({cells} ячеек, предел {limit}). Очистите ячейки вне таблицы или используйте `tizilim summarize`.',
    en: '{file}, sheet "{sheet}": the used range {range} is too large to read whole ({cells} cells, the limit is {limit}). Clear the cells outside the table, or use `tizilim summarize`.',
  },
};

/** Fill "{name}" placeholders; a missing parameter shows as "—" rather than "undefined". */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === null || v === undefined ? '—' : String(v);
  });
}

export function word(key: string, lang: Lang): string {
  return WORDS[key]?.[lang] ?? SHEET_LABELS[key]?.[lang] ?? key;
}

export function inputMessage(key: string, lang: Lang, params: Params): string {
  const t = INPUT_MESSAGES[key];
  return t ? fill(t[lang], params) : `${key} ${JSON.stringify(params)}`;
}

/** Figures in messages: grouped as the language writes them (kk/ru: "134 000 000 000,00"; en: "134,000,000,000.00"). */
export function formatFigure(decimalString: string, lang: Lang): string {
  const neg = decimalString.startsWith('-');
  const [int, frac] = (neg ? decimalString.slice(1) : decimalString).split('.');
  const group = lang === 'en' ? ',' : '\u00a0';
  const dec = lang === 'en' ? '.' : ',';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return (neg ? '-' : '') + grouped + (frac !== undefined ? dec + frac : '');
}

/**
 * Why a snapshot cannot be read (src/core/snapshot.ts SnapshotProblem's keys), and where: a line of a
 * line-per-project snapshot, a project of a JSON snapshot, a line of a snapshot sheet.
 */
export const SNAPSHOT_REASONS: Table = {
  'snapshot.reason.notJson': { kk: 'JSON емес', ru: 'не JSON', en: 'not JSON' },
  'snapshot.reason.notSnapshot': { kk: 'Tizilim көшірмесі емес', ru: 'не снимок Tizilim', en: 'not a Tizilim snapshot' },
  'snapshot.reason.notSnapshotSheet': { kk: 'Tizilim көшірмесінің парағы емес', ru: 'не лист снимка Tizilim', en: 'not a Tizilim snapshot sheet' },
  'snapshot.reason.noSheet': { kk: 'жұмыс кітабында көшірме парағы жоқ', ru: 'в книге нет листа снимка', en: 'no snapshot sheet in the workbook' },
  'snapshot.reason.noProjects': { kk: 'жобалар тізімі жоқ', ru: 'нет списка проектов', en: 'no list of projects' },
  'snapshot.reason.noColumn': { kk: '«{column}» бағаны жоқ', ru: 'нет столбца «{column}»', en: 'no "{column}" column' },
  'snapshot.reason.version': {
    kk: 'көшірме нұсқасы {version} бұл құрал оқитыннан ({max}) жаңа',
    ru: 'версия снимка {version} новее, чем читает эта программа ({max})',
    en: 'snapshot version {version} is newer than this tool reads ({max})',
  },
  'snapshot.reason.month': { kk: 'month: «{value}» ЖЖЖЖ-АА емес', ru: 'month: «{value}» не ГГГГ-ММ', en: 'month: "{value}" is not YYYY-MM' },
  'snapshot.reason.totalMissing': { kk: 'totals.{field} жоқ', ru: 'нет totals.{field}', en: 'totals.{field} is missing' },
  'snapshot.reason.totalDiffers': {
    kk: 'totals.{field} = {stated}, ал жобалардың қосындысы {own}',
    ru: 'totals.{field} = {stated}, а сумма по проектам {own}',
    en: 'totals.{field} is {stated}, but the projects add up to {own}',
  },
  'snapshot.reason.digestMissing': { kk: 'дайджест (digest) жоқ', ru: 'нет дайджеста (digest)', en: 'the digest is missing' },
  'snapshot.reason.digestDiffers': {
    kk: 'жазылғаннан кейін мазмұны өзгертілген (SHA-256 дайджесті сәйкес келмейді)',
    ru: 'содержимое изменено после записи (дайджест SHA-256 не совпадает)',
    en: 'its content was changed after it was written (the SHA-256 digest does not match)',
  },
  'snapshot.reason.lineDigestDiffers': {
    kk: 'жол жазылғаннан кейін өзгертілген (оның SHA-256 белгісі «h» сәйкес келмейді)',
    ru: 'строка изменена после записи (её отметка SHA-256 «h» не совпадает)',
    en: 'the line was changed after it was written (its SHA-256 mark "h" does not match)',
  },
  'snapshot.reason.notDecimal': { kk: '{field}: «{value}» ондық сан емес', ru: '{field}: «{value}» не десятичное число', en: '{field}: "{value}" is not a decimal figure' },
  'snapshot.reason.notDate': { kk: '{field}: «{value}» күн емес (ЖЖЖЖ-АА-КК)', ru: '{field}: «{value}» не дата (ГГГГ-ММ-ДД)', en: '{field}: "{value}" is not a date (YYYY-MM-DD)' },
  'snapshot.reason.notWhole': { kk: '{field}: «{value}» бүтін сан емес', ru: '{field}: «{value}» не целое число', en: '{field}: "{value}" is not a whole number' },
  'snapshot.reason.notFrom': { kk: '{field}: «{value}» given да, converted та емес', ru: '{field}: «{value}» ни given, ни converted', en: '{field}: "{value}" is neither "given" nor "converted"' },
  'snapshot.reason.ratesNotJson': { kk: 'бағамдар JSON емес', ru: 'курсы не в JSON', en: 'the rates are not JSON' },
  'snapshot.reason.ratesNotList': { kk: 'бағамдар тізім емес', ru: 'курсы не списком', en: 'the rates are not a list' },
  'snapshot.reason.rateIncomplete': { kk: '{n}-бағам толық емес', ru: 'курс {n} неполон', en: 'rate {n} is incomplete' },
  'snapshot.reason.cellError': { kk: 'ұяшықта {error}', ru: 'в ячейке {error}', en: 'a cell holds {error}' },
  'snapshot.reason.lineTooLong': { kk: 'жол {limit} байттан ұзын', ru: 'строка длиннее {limit} байт', en: 'the line is longer than {limit} bytes' },
  'snapshot.reason.lineNotJson': { kk: 'жол JSON емес', ru: 'строка не JSON', en: 'the line is not JSON' },
  'snapshot.reason.truncated': {
    kk: 'файл {last}-жолда аяқталған, қорытынды жолы жоқ (файл толық емес)',
    ru: 'файл обрывается на строке {last} без итоговой строки (файл неполон)',
    en: 'the file ends at line {last} without its closing line (the file is incomplete)',
  },
  'snapshot.reason.afterEnd': { kk: 'қорытынды жолдан кейін тағы мәтін бар', ru: 'после итоговой строки есть ещё текст', en: 'there is more after the closing line' },
  'snapshot.reason.unpack': { kk: 'gzip ашылмайды: {error}', ru: 'gzip не распаковывается: {error}', en: 'the gzip does not unpack: {error}' },
  'snapshot.at.line': { kk: '{line}-жол', ru: 'строка {line}', en: 'line {line}' },
  'snapshot.at.project': { kk: '{project}-жоба', ru: 'проект {project}', en: 'project {project}' },
};
