/**
 * The task pane's words, kk / ru / en, as data: every label, hint, progress line and error the pane
 * shows (errors say what happened and what to do). Messages about the register itself (findings,
 * unusable inputs) come from the core (src/core/i18n.ts).
 */
import { fill, isLang, type Lang, type Params } from '../core/i18n';

type Table = Record<string, Record<Lang, string>>;

export const UI: Table = {
  // The page
  'ui.title': { kk: 'Тізілім', ru: 'Тізілім', en: 'Tizilim' },
  'ui.subtitle': { kk: 'Инвестициялық жобалар тізілімі', ru: 'Реестр инвестиционных проектов', en: 'Register of investment projects' },
  'ui.language': { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  'ui.loading': { kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  'ui.steps': { kk: 'Қадамдар', ru: 'Шаги', en: 'Steps' },
  // Before the pane can start
  'boot.officeLate': {
    kk: 'Excel тақтаға 20 секунд бойы жауап бермеді. Тақтаны жауып, қайта ашыңыз («Басты бет» → «Тізілімді ашу»). Қайталанса: желіңіз не прокси Office тақтаға қажет скрипттерді жүктейтін https://appsforoffice.microsoft.com сайтын бөгейтін болуы мүмкін — әкімшіден оны ашуды сұраңыз. Excel кейін жауап берсе, тақта өзі іске қосылады.',
    ru: 'Excel не отвечает панели уже 20 секунд. Закройте панель и откройте снова («Главная» → «Открыть Тізілім»). Если повторяется: сеть или прокси, возможно, блокирует https://appsforoffice.microsoft.com, откуда Office загружает нужные панели скрипты, — попросите администратора открыть доступ. Если Excel ответит позже, панель запустится сама.',
    en: 'Excel has not answered the pane for 20 seconds. Close the pane and open it again (Home → Open Tizilim). If this repeats, your network or proxy may block https://appsforoffice.microsoft.com, from which Office loads the scripts the pane needs — ask your administrator to allow it. The pane starts by itself if Excel answers later.',
  },
  'boot.officeMissing': {
    kk: 'Office скрипті (office.js, https://appsforoffice.microsoft.com сайтынан) жүктелмеді, сондықтан тақта Excel-мен байланыса алмайды. Желіні тексеріңіз; прокси не брандмауэр appsforoffice.microsoft.com сайтын бөгесе, әкімшіден ашуды сұраңыз; содан кейін тақтаны жауып, қайта ашыңыз.',
    ru: 'Скрипт Office (office.js с https://appsforoffice.microsoft.com) не загрузился, поэтому панель не может связаться с Excel. Проверьте сеть; если прокси или брандмауэр блокирует appsforoffice.microsoft.com, попросите администратора открыть доступ; затем закройте панель и откройте снова.',
    en: 'Office\'s script (office.js, from https://appsforoffice.microsoft.com) did not load, so the pane cannot talk to Excel. Check the network; if a proxy or firewall blocks appsforoffice.microsoft.com, ask your administrator to allow it; then close the pane and open it again.',
  },
  'boot.failed': {
    kk: 'Тізілім іске қосылмады: {message}. Excel-ді қайта ашыңыз.',
    ru: 'Тізілім не запустился: {message}. Перезапустите Excel.',
    en: 'Tizilim could not start: {message}. Restart Excel.',
  },
  'ui.intro': {
    kk: 'Белсенді парақтағы инвестициялық жобалар тізілімін тексеріп, жиынтықтар жазады.',
    ru: 'Проверяет реестр инвестиционных проектов на активном листе и записывает сводки.',
    en: 'Checks the register of investment projects on the active sheet and writes the summaries.',
  },
  'ui.totals': { kk: 'Қорытындылар', ru: 'Итоги', en: 'Totals' },
  'ui.findings': { kk: 'Тексеру нәтижесі', ru: 'Результат проверки', en: 'What the check found' },
  'ui.dismiss': { kk: 'Жабу', ru: 'Закрыть', en: 'Dismiss' },

  // Steps
  'step.import': { kk: 'Импорт', ru: 'Импорт', en: 'Import' },
  'step.check': { kk: 'Тексеру', ru: 'Проверка', en: 'Check' },
  'step.summaries': { kk: 'Жиынтық', ru: 'Сводки', en: 'Summaries' },
  'step.export': { kk: 'Экспорт', ru: 'Экспорт', en: 'Export' },

  // Import
  'import.source': { kk: 'Тізілім қайда', ru: 'Где реестр', en: 'Where the register is' },
  'import.source.sheet': { kk: 'Осы парақ', ru: 'Этот лист', en: 'This sheet' },
  'import.source.selection': { kk: 'Ерекшеленген ұяшықтар', ru: 'Выделенные ячейки', en: 'The selected cells' },
  'import.source.table': { kk: 'Кесте', ru: 'Таблица', en: 'A table' },
  'import.source.file': { kk: 'Файл (.xlsx, .xlsm, .csv)', ru: 'Файл (.xlsx, .xlsm, .csv)', en: 'A file (.xlsx, .xlsm, .csv)' },
  'import.ownSheet': {
    kk: 'Бұл парақты Тізілім жазған — өз тізілім парағыңызды ашыңыз.',
    ru: 'Этот лист записан Тізілім — откройте лист с вашим реестром.',
    en: 'Tizilim wrote this sheet — open the sheet with your register.',
  },
  'import.table': { kk: 'Кесте', ru: 'Таблица', en: 'Table' },
  'import.tablePlaceholder': { kk: 'Кестені таңдаңыз', ru: 'Выберите таблицу', en: 'Choose a table' },
  'import.tableOption': { kk: '{table} («{sheet}» парағы)', ru: '{table} (лист «{sheet}»)', en: '{table} (sheet "{sheet}")' },
  'import.noTables': { kk: 'Бұл кітапта кесте жоқ.', ru: 'В этой книге нет таблиц.', en: 'This workbook has no tables.' },
  'import.chooseFile': { kk: 'Файлды таңдау…', ru: 'Выбрать файл…', en: 'Choose a file…' },
  'import.noFile': { kk: 'Файл таңдалмаған', ru: 'Файл не выбран', en: 'No file chosen' },
  'import.fileSheet': { kk: 'Файлдағы парақ', ru: 'Лист в файле', en: 'Sheet in the file' },
  'import.rates': { kk: 'Ұлттық банк бағамдары', ru: 'Курсы Нацбанка', en: 'National Bank rates' },
  'import.read': { kk: 'Тізілімді оқу', ru: 'Прочитать реестр', en: 'Read the register' },
  'import.readAgain': { kk: 'Қайта оқу', ru: 'Прочитать заново', en: 'Read again' },
  'import.found': {
    kk: '«{sheet}»: тақырып {header}-жолда, барлығы {rows} жол.',
    ru: '«{sheet}»: шапка в строке {header}, всего строк: {rows}.',
    en: '"{sheet}": header in row {header}, {rows} rows in all.',
  },
  'import.mapping': { kk: 'Бағандар', ru: 'Столбцы', en: 'Columns' },
  'import.mappingHelp': {
    kk: 'Әр өріс қай бағанда екенін тексеріңіз. Қате болса, тізімнен дұрыс бағанды таңдаңыз.',
    ru: 'Проверьте, в каком столбце каждое поле. Если неверно — выберите нужный столбец из списка.',
    en: 'Check which column holds each field. If one is wrong, choose the right column from the list.',
  },
  'import.field': { kk: 'Өріс', ru: 'Поле', en: 'Field' },
  'import.column': { kk: 'Баған', ru: 'Столбец', en: 'Column' },
  'import.confidence': { kk: 'Сенімділік', ru: 'Уверенность', en: 'Confidence' },
  'import.notMapped': { kk: '— жоқ —', ru: '— нет —', en: '— none —' },
  'import.columnOption': { kk: '{letter} — {label}', ru: '{letter} — {label}', en: '{letter} — {label}' },
  'import.columnEmpty': { kk: '{letter} — (тақырыпсыз)', ru: '{letter} — (без заголовка)', en: '{letter} — (no heading)' },
  'conf.yours': { kk: 'сіз таңдадыңыз', ru: 'выбрано вами', en: 'your choice' },
  'conf.yoursShort': { kk: 'сіздікі', ru: 'ваш', en: 'yours' },
  'conf.high': { kk: 'сенімді', ru: 'уверенно', en: 'sure' },
  'conf.medium': { kk: 'тексеріңіз', ru: 'проверьте', en: 'check it' },
  'conf.low': { kk: 'күмәнді', ru: 'сомнительно', en: 'doubtful' },
  'conf.none': { kk: 'табылмады', ru: 'не найдено', en: 'not found' },
  'import.legend': {
    kk: 'Сенімділік: жасыл — сенімді, сары — тексеріңіз, қызыл — күмәнді; «сіздікі» — өзіңіз таңдаған баған.',
    ru: 'Уверенность: зелёный — уверенно, жёлтый — проверьте, красный — сомнительно; «ваш» — столбец выбран вами.',
    en: 'Confidence: green — sure, yellow — check it, red — doubtful; "yours" — a column you chose.',
  },
  'import.allFields': { kk: 'Барлық өрістерді көрсету', ru: 'Показать все поля', en: 'Show all fields' },
  'import.reset': { kk: 'Табылғанды қайтару', ru: 'Вернуть найденное', en: 'Back to detected' },
  'import.confirm': { kk: 'Растау және тексеру', ru: 'Подтвердить и проверить', en: 'Confirm and check' },
  'import.duplicate': {
    kk: '«{field}» өрісіне екі баған сәйкес: {used} алынды, {other} ескерілмеді.',
    ru: 'Полю «{field}» подходят два столбца: взят {used}, {other} не учтён.',
    en: 'Two columns fit "{field}": {used} is used, {other} is ignored.',
  },

  // Rates (the Import step)
  'rates.sheet.own': {
    kk: '«{sheet}» парағы (оны Тізілім жүргізеді, өзгертуге болады): {count} бағам, {from} – {to}.',
    ru: 'Лист «{sheet}» (ведёт Тізілім, его можно править): курсов {count}, {from} – {to}.',
    en: 'The sheet "{sheet}" (kept by Tizilim; you may edit it): {count} rates, {from} – {to}.',
  },
  'rates.sheet.user': {
    kk: '«{sheet}» парағы (сіздікі, тек оқылады): {count} бағам, {from} – {to}.',
    ru: 'Лист «{sheet}» (ваш, только читается): курсов {count}, {from} – {to}.',
    en: 'The sheet "{sheet}" (yours, only read): {count} rates, {from} – {to}.',
  },
  'rates.sheet.empty': { kk: '«{sheet}» парағында әзірге бағам жоқ.', ru: 'На листе «{sheet}» пока нет курсов.', en: 'The sheet "{sheet}" holds no rates yet.' },
  'rates.sheet.problem': {
    kk: '«{sheet}» парағы оқылмады: {reason}. Тексеру осы жерде тоқтайды — парақты түзетіңіз.',
    ru: 'Лист «{sheet}» не читается: {reason}. Проверка на нём остановится — исправьте лист.',
    en: 'The sheet "{sheet}" cannot be read: {reason}. The check would stop on it — fix the sheet.',
  },
  'rates.none': {
    kk: 'Кітапта бағам парағы әлі жоқ. Бағамдарды төмендегі тәсілдердің бірімен қосыңыз — Тізілім «{sheet}» парағын өзі жасайды.',
    ru: 'В книге ещё нет листа курсов. Добавьте курсы одним из способов ниже — Тізілім сам создаст лист «{sheet}».',
    en: 'The workbook has no rates sheet yet. Add rates in one of the ways below — Tizilim makes the sheet "{sheet}" itself.',
  },
  'rates.held': { kk: 'Осы сеанста: {count} бағам.', ru: 'В этом сеансе курсов: {count}.', en: 'Held in the pane for this session: {count} rates.' },
  'rates.gaps.looking': { kk: 'Бағамы жоқ күндер ізделуде…', ru: 'Ищем даты без курса…', en: 'Looking for dates without a rate…' },
  'rates.gaps.none': { kk: 'Тізілімнің әр күніне бағам бар.', ru: 'Для каждой даты реестра есть курс.', en: 'Every date of the register has a rate.' },
  'rates.gaps.some': {
    kk: '{count} күнге бағам жоқ: ол күндердің сомалары аударылмайды, тексеру RATE_MISSING қатесін береді.',
    ru: 'Нет курса на дат: {count}. Суммы этих дат не пересчитаются, проверка выдаст ошибку RATE_MISSING.',
    en: 'No rate for {count} dates: their figures are not converted, and the check reports RATE_MISSING.',
  },
  'rates.gap': { kk: '{currency}, {date} — {count} жол ({rows})', ru: '{currency}, {date} — строк: {count} ({rows})', en: '{currency}, {date} — {count} rows ({rows})' },
  'rates.gaps.more': { kk: 'тағы {count} күн', ru: 'и ещё дат: {count}', en: 'and {count} more dates' },
  'rates.gaps.failed': { kk: 'Бағамы жоқ күндерді табу мүмкін болмады: {reason}', ru: 'Не удалось найти даты без курса: {reason}', en: 'The dates without a rate could not be found: {reason}' },
  'rates.import': { kk: 'Сақталған ҰБ файлдарын импорттау…', ru: 'Импорт сохранённых файлов НБ…', en: 'Import saved NBK files…' },
  'rates.importHint': {
    kk: 'nationalbank.kz сайтынан сақталған XML файлдары (бірнешеуін бірден таңдауға болады)',
    ru: 'XML-файлы, сохранённые с nationalbank.kz (можно выбрать несколько сразу)',
    en: 'XML files saved from nationalbank.kz (several at once)',
  },
  'rates.paste': { kk: 'Кестені қою', ru: 'Вставить таблицу', en: 'Paste a table' },
  'rates.pasteLabel': {
    kk: 'Күні, валюта, бағам (қаласаңыз — саны): Excel-ден не сайттан көшіріп қойыңыз; бағандар Tab немесе «;» арқылы бөлінеді.',
    ru: 'Дата, валюта, курс (по желанию — количество): скопируйте из Excel или с сайта; столбцы разделяются Tab или «;».',
    en: 'Date, currency, rate (and quant, if any): copy them from Excel or a web page; columns separated by Tab or ";".',
  },
  'rates.pasteAdd': { kk: 'Бағамдарды қосу', ru: 'Добавить курсы', en: 'Add the rates' },
  'rates.download': { kk: 'Ұлттық банктен жүктеу', ru: 'Загрузить с сайта Нацбанка', en: 'Download from the National Bank' },
  'rates.downloadHint': {
    kk: 'бағамы жоқ {count} күн үшін (демалыс күні болса — алдыңғы жұмыс күнінің бағамы)',
    ru: 'для дат без курса: {count} (в выходной — курс предыдущего рабочего дня)',
    en: 'for the {count} dates without a rate (over a weekend, the working day before)',
  },
  'rates.downloadNeedRead': { kk: 'Күндер тізілімнен алынады: алдымен оны оқыңыз.', ru: 'Даты берутся из реестра: сначала прочитайте его.', en: 'The dates come from the register: read it first.' },
  'rates.added': { kk: '«{sheet}» парағына {count} бағам қосылды: {list}.', ru: 'На лист «{sheet}» добавлено курсов: {count} — {list}.', en: 'Added {count} rates to the sheet "{sheet}": {list}.' },
  'rates.addedCreated': { kk: '«{sheet}» парағы жасалды, {count} бағам: {list}.', ru: 'Создан лист «{sheet}», курсов: {count} — {list}.', en: 'Made the sheet "{sheet}" with {count} rates: {list}.' },
  'rates.addedHeld': { kk: 'Осы сеансқа {count} бағам қосылды: {list}.', ru: 'В этот сеанс добавлено курсов: {count} — {list}.', en: 'Added {count} rates for this session: {list}.' },
  'rates.nothingNew': { kk: 'Жаңа бағам жоқ: бұл бағамдар бұрыннан бар.', ru: 'Новых курсов нет: эти курсы уже есть.', en: 'Nothing new: these rates are there already.' },
  'rates.same': { kk: 'Тағы {count} бағам бұрыннан бар еді.', ru: 'Ещё курсов уже было: {count}.', en: '{count} more were there already.' },
  'rates.differ': {
    kk: '{count} бағам кітаптағыдан өзгеше — кітаптағысы қалды, үстінен жазылмады: {list}.',
    ru: 'Курсов с другим значением в книге: {count} — оставлены значения книги, они не перезаписаны: {list}.',
    en: '{count} rates differ from the workbook\'s — the workbook\'s were kept, not overwritten: {list}.',
  },
  'rates.differLine': { kk: '{currency} {date}: кітапта {kept}, жаңасы {offered}', ru: '{currency} {date}: в книге {kept}, новый {offered}', en: '{currency} {date}: workbook {kept}, new {offered}' },
  'rates.blocked': {
    kk: 'Браузер nationalbank.kz сайтына сұрау жібертпеді (сайт рұқсат бермейді не желі жоқ). Төмендегі беттерді браузерде ашып, әрқайсысын .xml ретінде сақтаңыз да, «Сақталған ҰБ файлдарын импорттау» арқылы қосыңыз.',
    ru: 'Браузер не пропустил запрос к nationalbank.kz (сайт не разрешает или нет сети). Откройте страницы ниже в браузере, сохраните каждую как .xml и добавьте их кнопкой «Импорт сохранённых файлов НБ».',
    en: 'The browser did not let the pane reach nationalbank.kz (the site does not allow it, or there is no network). Open the pages below in your browser, save each as an .xml file, and add them with "Import saved NBK files".',
  },
  'rates.failed': {
    kk: 'nationalbank.kz бағамдардың орнына басқа жауап берді ({reason}). Кейінірек қайталаңыз немесе сақталған файлдарды импорттаңыз.',
    ru: 'nationalbank.kz ответил не курсами ({reason}). Повторите позже или импортируйте сохранённые файлы.',
    en: 'nationalbank.kz answered with something other than rates ({reason}). Try again later, or import saved files.',
  },
  'rates.urls': { kk: 'Сақтайтын беттер:', ru: 'Страницы для сохранения:', en: 'Pages to save:' },

  // Check
  'check.needImport': {
    kk: 'Алдымен «Импорттау» қадамында тізілімді оқыңыз.',
    ru: 'Сначала прочитайте реестр на шаге «Импорт».',
    en: 'Read the register first, in the Import step.',
  },
  'check.run': { kk: 'Тексеру', ru: 'Проверить', en: 'Check' },
  'check.runAgain': { kk: 'Қайта тексеру', ru: 'Проверить снова', en: 'Check again' },
  'check.of': { kk: '«{sheet}»: {projects} жоба тексерілді.', ru: '«{sheet}»: проверено проектов: {projects}.', en: '"{sheet}": {projects} projects checked.' },
  'check.filter': { kk: 'Сүзгі', ru: 'Фильтр', en: 'Filter' },
  'check.all': { kk: 'Барлығы', ru: 'Все', en: 'All' },
  'check.showAll': { kk: 'Барлығын көрсету ({count})', ru: 'Показать все ({count})', en: 'Show all ({count})' },
  'check.search': { kk: 'Іздеу: ұяшық, жоба, мәтін', ru: 'Поиск: ячейка, проект, текст', en: 'Search: cell, project, text' },
  'check.none': { kk: 'Ескерту жоқ: тізілім тексеруден өтті.', ru: 'Замечаний нет: реестр прошёл проверку.', en: 'No findings: the register passed the checks.' },
  'check.noneFiltered': { kk: 'Сүзгіге сәйкес ескерту жоқ.', ru: 'Под фильтр ничего не подходит.', en: 'Nothing matches the filter.' },
  'check.row': { kk: '{row}-жол', ru: 'строка {row}', en: 'row {row}' },
  'check.sheetWide': { kk: 'бүкіл парақ', ru: 'весь лист', en: 'whole sheet' },
  'check.marks': { kk: 'Парақтағы белгілер', ru: 'Пометки на листе', en: 'Marks on the sheet' },
  'check.markCells': { kk: 'Ескертуі бар ұяшықтарды белгілеу', ru: 'Помечать ячейки с замечаниями', en: 'Mark the cells with findings' },
  'check.marked.note': { kk: '{count} ұяшық белгіленді: түс және ескертпе.', ru: 'Помечено ячеек: {count} — заливка и примечание.', en: '{count} cells marked: fill and note.' },
  'check.marked.comment': { kk: '{count} ұяшық белгіленді: түс және пікір.', ru: 'Помечено ячеек: {count} — заливка и комментарий.', en: '{count} cells marked: fill and comment.' },
  'check.marked.none': {
    kk: '{count} ұяшық түспен белгіленді. Бұл Excel ұяшыққа ескертпе қоса алмайды (ExcelApi 1.10 керек) — мәтін осы тізімде.',
    ru: 'Помечено заливкой ячеек: {count}. Эта версия Excel не умеет добавлять примечания (нужен ExcelApi 1.10) — текст замечаний в этом списке.',
    en: '{count} cells marked with a fill. This Excel cannot add notes to cells (ExcelApi 1.10 is needed) — the text is in this list.',
  },
  'check.markedLimit': {
    kk: 'Алғашқы {count} ұяшық белгіленді ({total} ішінен); қалғаны «Тексеру» парағында.',
    ru: 'Помечены первые {count} ячеек из {total}; остальные — на листе «Проверки».',
    en: 'The first {count} of {total} cells were marked; the rest are on the Checks sheet.',
  },
  'check.userNotes': {
    kk: '{count} ұяшықта өз ескертпеңіз бар еді — оған тиіспедік, тек түспен белгіледік.',
    ru: 'В {count} ячейках уже были ваши примечания — их не трогали, только залили цветом.',
    en: '{count} cells already had notes of yours — those were left alone; the cells got the fill only.',
  },
  'check.noMarks': { kk: 'Парақта Тізілім белгілері жоқ.', ru: 'На листе нет пометок Тізілім.', en: 'There are no Tizilim marks on the sheet.' },
  'check.fileNoMarks': {
    kk: 'Файлдағы ұяшықтар белгіленбейді: ол Excel-де ашық емес. Ескертулердің толық тізімі осында және «Тексеру» парағында.',
    ru: 'Ячейки файла не помечаются: он не открыт в Excel. Полный список замечаний — здесь и на листе «Проверки».',
    en: 'Cells of a file are not marked: it is not open in Excel. The findings are listed here and on the Checks sheet.',
  },
  'check.clearMarks': { kk: 'Белгілерді өшіру', ru: 'Снять пометки', en: 'Clear marks' },
  'check.cleared': {
    kk: 'Белгілер өшірілді: {count} ұяшықтың өз түсі қайтарылды.',
    ru: 'Пометки сняты: {count} ячейкам возвращена их заливка.',
    en: 'Marks cleared: {count} cells have their own fill back.',
  },
  'check.clearedKept': {
    kk: '{count} ұяшықты сіз кейін қайта бояғансыз — олардың түсі өзгертілмеді.',
    ru: '{count} ячеек вы перекрасили после пометки — их заливка не изменена.',
    en: '{count} cells were re-coloured by you after marking — their fill was left as it is.',
  },
  'check.next': { kk: 'Жиынтықтарға өту', ru: 'Перейти к сводкам', en: 'On to the summaries' },
  'check.shown': { kk: '{shown} / {total} көрсетілді', ru: 'Показано {shown} из {total}', en: 'Showing {shown} of {total}' },

  // Summaries
  'sum.lang': { kk: 'Парақтардың тілі', ru: 'Язык листов', en: 'Language of the sheets' },
  'sum.sheets': { kk: 'Жазылатын парақтар', ru: 'Какие листы записать', en: 'Sheets to write' },
  'sum.sheetsHelp': {
    kk: 'Тізілім өзгермейді: Тізілім тек өзі жазған парақтарды ауыстырады.',
    ru: 'Ваш реестр не меняется: Тізілім заменяет только листы, которые записал сам.',
    en: 'Your register is not changed: Tizilim only replaces sheets it wrote itself.',
  },
  'sum.registerNeeded': { kk: 'жиынтықтардың формулалары осы параққа сүйенеді', ru: 'на него опираются формулы сводок', en: 'the summaries\' formulas read it' },
  'sum.role.checks': { kk: 'ескертулер тізімі', ru: 'список замечаний', en: 'the list of findings' },
  'sum.needCheck': { kk: 'Парақтар тізімі тексеруден кейін шығады.', ru: 'Список листов появится после проверки.', en: 'The list of sheets appears after the check.' },
  'sum.control': { kk: 'Бақылау сандары', ru: 'Контрольные цифры', en: 'Control figures' },
  'sum.controlHelp': {
    kk: 'Бұрын берілген сандар: тізілім оларға сәйкес келмесе, тексеру қате көрсетеді.',
    ru: 'Ранее заявленные цифры: если реестр с ними не сходится, проверка покажет ошибку.',
    en: 'Figures already reported: if the register disagrees with them, the check shows an error.',
  },
  'sum.controlCount': { kk: 'Жобалар саны', ru: 'Количество проектов', en: 'Number of projects' },
  'sum.controlTotal': { kk: 'Жалпы құны, теңге', ru: 'Общая стоимость, тенге', en: 'Total value, tenge' },
  'sum.controlTotalHint': { kk: 'мысалы: 134 млрд теңге', ru: 'например: 134 млрд тенге', en: 'e.g. 134 000 000 000' },
  'sum.controlStatus': { kk: 'Қай жобалар', ru: 'Какие проекты', en: 'Which projects' },
  'sum.allProjects': { kk: 'барлық жобалар', ru: 'все проекты', en: 'all projects' },
  'sum.tolerances': { kk: 'Рұқсат етілген ауытқу', ru: 'Допуски', en: 'Tolerances' },
  'sum.crossRate': { kk: 'Теңге/юань арақатынасы ҰБ бағамынан, %', ru: 'Тенге/юань от курса НБ, %', en: 'Tenge/yuan ratio from the NBK rate, %' },
  'sum.controlTol': { kk: 'Бақылау сомасынан, %', ru: 'От контрольной суммы, %', en: 'From the control total, %' },
  'sum.default': { kk: 'әдепкі: {value}', ru: 'по умолчанию: {value}', en: 'default: {value}' },
  'sum.percentInvalid': { kk: '0 мен 100 аралығындағы сан жазыңыз.', ru: 'Введите число от 0 до 100.', en: 'Enter a number from 0 to 100.' },
  'sum.countInvalid': { kk: 'Бүтін сан жазыңыз.', ru: 'Введите целое число.', en: 'Enter a whole number.' },
  'sum.options': { kk: 'Жиынтық баптаулары', ru: 'Параметры сводок', en: 'Summary options' },
  'sum.units': { kk: 'Сомалар бірлігі', ru: 'Единицы сумм', en: 'Units of the figures' },
  'sum.units.tenge': { kk: 'теңге', ru: 'тенге', en: 'tenge' },
  'sum.units.thousand': { kk: 'мың теңге', ru: 'тыс. тенге', en: 'thousand tenge' },
  'sum.units.million': { kk: 'млн теңге', ru: 'млн тенге', en: 'million tenge' },
  'sum.units.billion': { kk: 'млрд теңге', ru: 'млрд тенге', en: 'billion tenge' },
  'sum.region': { kk: 'Өңір (тақырыптың бірінші жолы)', ru: 'Регион (первая строка заголовка)', en: 'Region (the title\'s first line)' },
  'sum.regionHint': { kk: 'мысалы: Батыс Қазақстан облысы', ru: 'например: Западно-Казахстанская область', en: 'e.g. West Kazakhstan Region' },
  'sum.period': { kk: 'Кезең жолы', ru: 'Строка периода', en: 'Period line' },
  'sum.periodHint': {
    kk: 'бос болса: «… жағдай бойынша» (есеп күні)',
    ru: 'если пусто: «по состоянию на …» (дата отчёта)',
    en: 'when empty: "as of …" (the report date)',
  },
  'sum.bilingual': { kk: 'Тақырыптар екі тілде (қазақша және орысша)', ru: 'Заголовки на двух языках (казахский и русский)', en: 'Headings in two languages (Kazakh and Russian)' },
  'sum.write': { kk: 'Жиынтық парақтарды жазу', ru: 'Записать сводные листы', en: 'Write the summary sheets' },
  'sum.written': { kk: 'Жазылды: {names}.', ru: 'Записаны листы: {names}.', en: 'Written: {names}.' },
  'sum.byStatus': { kk: 'Мәртебесі бойынша', ru: 'По статусам', en: 'By status' },
  'sum.noValue': { kk: 'құны әлі жоқ', ru: 'стоимости пока нет', en: 'no value yet' },
  'sum.noStatus': { kk: 'мәртебесі жоқ', ru: 'без статуса', en: 'no status' },
  'sum.projects': { kk: '{count} жоба', ru: 'проектов: {count}', en: '{count} projects' },
  'sum.saved': { kk: 'Баптаулар кітапта сақталды.', ru: 'Настройки сохранены в книге.', en: 'Settings saved in the workbook.' },

  // Export
  'exp.close': { kk: 'Айды жабу', ru: 'Закрыть месяц', en: 'Close the month' },
  'exp.closeHelp': {
    kk: 'Есеп айының нормаланған тізілімі осы кітаптағы жасырын «tizilim.snapshot.ЖЖЖЖ-АА» парағына сақталады; келесі айдың министрліктерге арналған көшірмесі «Өзгерістер» парағы үшін оны өзі табады.',
    ru: 'Нормализованный реестр отчётного месяца сохраняется на скрытом листе «tizilim.snapshot.ГГГГ-ММ» этой книги; копия для министерств следующего месяца сама найдёт его для листа «Изменения».',
    en: 'The month\'s normalised register is kept on a hidden sheet "tizilim.snapshot.YYYY-MM" of this workbook; next month\'s copy for the ministries finds it by itself for its Changes sheet.',
  },
  'exp.closeButton': { kk: '{month} айын жабу', ru: 'Закрыть месяц {month}', en: 'Close {month}' },
  'exp.closed': {
    kk: '{month} айы жабылды: {projects} жоба жасырын «{sheet}» парағына сақталды.',
    ru: 'Месяц {month} закрыт: проектов {projects}, сохранены на скрытом листе «{sheet}».',
    en: '{month} is closed: {projects} projects kept on the hidden sheet "{sheet}".',
  },
  'exp.closedReplaced': {
    kk: '{month} айының суреті жаңартылды: {projects} жоба, жасырын «{sheet}» парағы.',
    ru: 'Снимок месяца {month} заменён: проектов {projects}, скрытый лист «{sheet}».',
    en: 'The snapshot of {month} was replaced: {projects} projects, the hidden sheet "{sheet}".',
  },
  'exp.closeKept': { kk: '{month} айының бұрынғы суреті өзгеріссіз қалды.', ru: 'Прежний снимок месяца {month} оставлен без изменений.', en: 'The earlier snapshot of {month} was left as it was.' },
  'exp.closedMonths': { kk: 'Осы кітапта жабылған айлар: {months}.', ru: 'Закрытые месяцы в этой книге: {months}.', en: 'Months closed in this workbook: {months}.' },
  'exp.noClosedMonths': { kk: 'Бұл кітапта әзірге жабылған ай жоқ.', ru: 'В этой книге пока нет закрытых месяцев.', en: 'No month has been closed in this workbook yet.' },
  'exp.replaceSnapshot.title': { kk: '{month} айының суретін ауыстыру керек пе?', ru: 'Заменить снимок месяца {month}?', en: 'Replace the snapshot of {month}?' },
  'exp.replaceSnapshot.body': {
    kk: 'Бұл кітапта {month} айы бұрын жабылған. Жаңа сурет бұрынғысының орнына жазылады, келесі ай онымен салыстырылады.',
    ru: 'Месяц {month} в этой книге уже закрыт. Новый снимок заменит прежний, и следующий месяц будут сравнивать с ним.',
    en: '{month} was closed in this workbook before. The new snapshot takes the earlier one\'s place, and next month is compared with it.',
  },
  'exp.replace': { kk: 'Ауыстыру', ru: 'Заменить', en: 'Replace' },
  'exp.keep': { kk: 'Бұрынғысын қалдыру', ru: 'Оставить прежний', en: 'Keep the earlier one' },
  'exp.previousFound': {
    kk: 'Өткен аймен ({month}) осы кітаптағы сурет бойынша салыстырылады.',
    ru: 'Сравнение с прошлым месяцем ({month}) — по снимку в этой книге.',
    en: 'Compared with last month ({month}): the snapshot in this workbook.',
  },
  'exp.previousMissing': {
    kk: 'Бұл кітапта {month} айының суреті жоқ: «Өзгерістер» парағы болмайды (не .json файлын таңдаңыз).',
    ru: 'В этой книге нет снимка месяца {month}: листа «Изменения» не будет (или выберите файл .json).',
    en: 'No snapshot of {month} in this workbook: no Changes sheet (or choose a .json file).',
  },
  'exp.errorsDialog.title': { kk: 'Тізілімде {count} қате бар', ru: 'В реестре ошибок: {count}', en: 'The register has {count} errors' },
  'exp.errorsDialog.body': {
    kk: 'Көшірмені қателермен жасау керек пе? Қателер оның «Анықтама» парағында тізіліп көрсетіледі. Әйтпесе алдымен оларды түзетіңіз.',
    ru: 'Собрать копию с ошибками? Они будут перечислены на её листе «Справка». Иначе сначала исправьте их.',
    en: 'Make the copy with the errors? They are then listed on its About sheet. Otherwise fix them first.',
  },
  'exp.errorsDialog.yes': { kk: 'Қателермен жасау', ru: 'Собрать с ошибками', en: 'Make it with the errors' },
  'exp.errorsDialog.no': { kk: 'Бас тарту', ru: 'Отмена', en: 'Cancel' },
  'exp.refusedKept': { kk: 'Көшірме жасалмады: алдымен қателерді түзетіңіз.', ru: 'Копия не собрана: сначала исправьте ошибки.', en: 'The copy was not made: fix the errors first.' },
  'exp.downloadOnly': {
    kk: 'Бұл Excel файлды жаңа кітап ретінде аша алмайды (ExcelApi 1.8 керек) — жүктеп алып, ашыңыз.',
    ru: 'Этот Excel не открывает файл новой книгой (нужен ExcelApi 1.8) — скачайте и откройте его.',
    en: 'This Excel cannot open the file as a new workbook (ExcelApi 1.8 is needed) — download it and open it.',
  },
  'exp.tooLargeToOpen': {
    kk: 'Файл ({size} МБ) Excel веб-нұсқасы бір сұраумен қабылдайтын көлемнен (5 МБ) үлкен, сондықтан жаңа кітап ретінде ашылмайды — жүктеп алып, ашыңыз.',
    ru: 'Файл ({size} МБ) больше, чем Excel в браузере принимает за один запрос (5 МБ), поэтому новой книгой не откроется — скачайте и откройте его.',
    en: 'The file ({size} MB) is larger than Excel on the web takes in one request (5 MB), so it cannot open as a new workbook — download it and open it.',
  },
  'exp.noDownloadHere': {
    kk: 'Mac пен iPad-тағы Excel тақтадан файл жүктей алмайды: файлды жаңа кітап ретінде ашып, «Файл → Сақтау» арқылы сақтаңыз.',
    ru: 'Excel на Mac и iPad не скачивает файлы из панели: откройте файл новой книгой и сохраните её («Файл → Сохранить»).',
    en: 'Excel for Mac and on iPad cannot download a file from the pane: open it as a new workbook and save that (File → Save).',
  },
  'exp.cliOnly': {
    kk: 'Бұл Excel файлды тақтадан шығара алмайды (жаңа кітап та, жүктеу де жоқ). Дәл осы файлды командалық жолмен жасаңыз (тізілімді алдымен файл ретінде сақтаңыз):',
    ru: 'Этот Excel не может выдать файл из панели (ни новой книгой, ни скачиванием). Сделайте тот же файл из командной строки (сначала сохраните реестр файлом):',
    en: 'This Excel cannot get the file out of the pane (no new workbook, no download). Make the same file on the command line (save the register as a file first):',
  },
  'exp.cliTooLarge': {
    kk: 'Файл ({size} МБ) бұл Excel-де тақтадан ашуға тым үлкен, ал жүктеу мұнда жұмыс істемейді. Дәл осы файлды командалық жолмен жасаңыз (тізілімді алдымен файл ретінде сақтаңыз):',
    ru: 'Файл ({size} МБ) слишком велик, чтобы открыть его из панели в этом Excel, а скачивание здесь не работает. Сделайте тот же файл из командной строки (сначала сохраните реестр файлом):',
    en: 'The file ({size} MB) is too large to open from the pane in this Excel, and downloads do not work here. Make the same file on the command line (save the register as a file first):',
  },
  'exp.openRefusedDownload': {
    kk: 'Excel бұл файлды ({size} МБ) жаңа кітап ретінде ашудан бас тартты: ол бір сұрауға тым үлкен. Оны жүктеп алып, ашыңыз.',
    ru: 'Excel отказался открыть этот файл ({size} МБ) новой книгой: он слишком велик для одного запроса. Скачайте его и откройте.',
    en: 'Excel refused to open this file ({size} MB) as a new workbook: it is too large for one request. Download it and open it.',
  },
  'exp.openRefusedCli': {
    kk: 'Excel бұл файлды ({size} МБ) жаңа кітап ретінде ашудан бас тартты: ол бір сұрауға тым үлкен, ал жүктеу мұнда жұмыс істемейді. Дәл осы файлды командалық жолмен жасаңыз:',
    ru: 'Excel отказался открыть этот файл ({size} МБ) новой книгой: он слишком велик для одного запроса, а скачивание здесь не работает. Сделайте тот же файл из командной строки:',
    en: 'Excel refused to open this file ({size} MB) as a new workbook: it is too large for one request, and downloads do not work here. Make the same file on the command line:',
  },
  'exp.optionsSaved': { kk: 'Көшірме баптаулары кітапта сақталады.', ru: 'Параметры копии сохраняются в книге.', en: 'The copy\'s options are kept in the workbook.' },

  'exp.pack': { kk: 'Айлық жиынтық (.xlsx)', ru: 'Ежемесячный пакет (.xlsx)', en: 'Monthly pack (.xlsx)' },
  'exp.packHelp': {
    kk: 'Соңғы тексерудің жиынтық парақтары бөлек файлда: жіберуге немесе мұрағатқа.',
    ru: 'Сводные листы последней проверки отдельным файлом — для отправки или архива.',
    en: 'The summary sheets of the latest check as a file of their own, to send or to keep.',
  },
  'exp.ministry': { kk: 'Министрліктерге арналған көшірме', ru: 'Копия для министерств', en: 'Copy for the ministries' },
  'exp.ministryHelp': {
    kk: 'Жіберуге арналған бөлек файл: тек мәндер, сілтемесіз, парақтар қорғалған; «Анықтама» парағында өңір, кезең, бағамдар мен тексеру нәтижесі. Алдыңғы айдың суреті болса, «Өзгерістер» парағы қосылады.',
    ru: 'Отдельный файл для отправки: только значения, без ссылок, листы защищены; на листе «Справка» — регион, период, курсы и итог проверки. Если есть снимок прошлого месяца, добавляется лист «Изменения».',
    en: 'A separate file to send: values only, no links, sheets protected; an About sheet with the region, period, rates and the checks\' outcome. With last month\'s snapshot, a Changes sheet too.',
  },
  'exp.month': { kk: 'Есеп айы (ЖЖЖЖ-АА)', ru: 'Отчётный месяц (ГГГГ-ММ)', en: 'Month (YYYY-MM)' },
  'exp.monthInvalid': { kk: 'Айды ЖЖЖЖ-АА түрінде жазыңыз, мысалы 2025-10.', ru: 'Укажите месяц в виде ГГГГ-ММ, например 2025-10.', en: 'Write the month as YYYY-MM, e.g. 2025-10.' },
  'exp.headings': { kk: 'Тақырыптар тілі', ru: 'Язык заголовков', en: 'Headings' },
  'exp.headings.kk,ru': { kk: 'қазақша және орысша', ru: 'казахский и русский', en: 'Kazakh and Russian' },
  'exp.headings.ru,kk': { kk: 'орысша және қазақша', ru: 'русский и казахский', en: 'Russian and Kazakh' },
  'exp.headings.kk': { kk: 'қазақша', ru: 'казахский', en: 'Kazakh' },
  'exp.headings.ru': { kk: 'орысша', ru: 'русский', en: 'Russian' },
  'exp.headings.en': { kk: 'ағылшынша', ru: 'английский', en: 'English' },
  'exp.region': { kk: 'Өңір', ru: 'Регион', en: 'Region' },
  'exp.regionCode': { kk: 'Өңір коды', ru: 'Код региона', en: 'Region code' },
  'exp.regionCodeHint': { kk: 'файл атауына: латынша', ru: 'для имени файла, латиницей', en: 'for the file name, Latin letters' },
  'exp.organisation': { kk: 'Жіберуші ұйым', ru: 'Организация-отправитель', en: 'Sending organisation' },
  'exp.organisationHint': { kk: 'міндетті емес; файл қасиеттеріне жазылады', ru: 'необязательно; попадёт в свойства файла', en: 'optional; goes into the file\'s properties' },
  'exp.formulas': { kk: 'Формулаларды сақтау (әйтпесе тек мәндер)', ru: 'Сохранить формулы (иначе только значения)', en: 'Keep the formulas (else values only)' },
  'exp.previous': { kk: 'Өткен айдың суреті (.json)…', ru: 'Снимок прошлого месяца (.json)…', en: 'Last month\'s snapshot (.json)…' },
  'exp.previousAuto': {
    kk: 'таңдалмаса — кітаптағы «tizilim.snapshot» парағынан, бар болса',
    ru: 'если не выбран — с листа «tizilim.snapshot» в книге, если он есть',
    en: 'if none is chosen — the workbook\'s "tizilim.snapshot" sheet, when there is one',
  },
  'exp.snapshotInvalid': {
    kk: '«{name}» — Тізілім суреті емес ({reason}). `tizilim snapshot` жасаған JSON файлын таңдаңыз.',
    ru: '«{name}» — не снимок Тізілім ({reason}). Выберите JSON-файл, созданный `tizilim snapshot`.',
    en: '"{name}" is not a Tizilim snapshot ({reason}). Choose a JSON file made by `tizilim snapshot`.',
  },
  'exp.makeCopy': { kk: 'Көшірмені дайындау', ru: 'Собрать копию', en: 'Make the copy' },
  'exp.errorsStated': { kk: '{count} қате «Анықтама» парағында көрсетілді.', ru: 'Ошибки ({count}) указаны на листе «Справка».', en: '{count} errors are stated on the About sheet.' },
  'exp.copyReady': { kk: '«{file}» дайын: {sheets}.', ru: 'Файл «{file}» готов: {sheets}.', en: '"{file}" is ready: {sheets}.' },
  'exp.copyReadyChanges': {
    kk: '«{file}» дайын: {sheets}. Өткен аймен салыстырылды.',
    ru: 'Файл «{file}» готов: {sheets}. Сравнено с прошлым месяцем.',
    en: '"{file}" is ready: {sheets}. Compared with last month.',
  },
  'exp.needRun': {
    kk: 'Алдымен тізілімді тексеріңіз: файл соңғы тексеруден жасалады.',
    ru: 'Сначала проверьте реестр: файл собирается из последней проверки.',
    en: 'Check the register first: the file is made from the latest check.',
  },
  'exp.make': { kk: 'Файлды дайындау', ru: 'Собрать файл', en: 'Make the file' },
  'exp.download': { kk: 'Файлды жүктеп алу', ru: 'Скачать файл', en: 'Download the file' },
  'exp.openBook': { kk: 'Жаңа кітап ретінде ашу', ru: 'Открыть новой книгой', en: 'Open as a new workbook' },
  'exp.ready': { kk: '«{file}» дайын.', ru: 'Файл «{file}» готов.', en: '"{file}" is ready.' },
  'exp.opened': { kk: 'Файл жаңа кітап ретінде ашылды; бұл кітап өзгермеді.', ru: 'Файл открыт новой книгой; эта книга не изменена.', en: 'The file opened as a new workbook; this workbook is unchanged.' },
  'exp.oldExcel': {
    kk: 'Жаңа кітап ашу үшін Excel жаңарақ болуы керек (ExcelApi 1.8). Файлды жүктеп алыңыз.',
    ru: 'Чтобы открыть новую книгу, нужен более новый Excel (ExcelApi 1.8). Скачайте файл.',
    en: 'Opening a new workbook needs a newer Excel (ExcelApi 1.8). Download the file instead.',
  },

  // Replacing a sheet the user edited
  'edited.title': { kk: 'Бұл парақтарды сіз өзгерткенсіз', ru: 'Эти листы вы изменили', en: 'You edited these sheets' },
  'edited.body': {
    kk: 'Тізілім бұрын жазған мына парақтарда содан бері өзгерістер бар. Оларды жаңасымен ауыстыру керек пе?',
    ru: 'На этих листах, записанных Тізілім, с тех пор есть изменения. Заменить их новыми?',
    en: 'These sheets Tizilim wrote have changed since. Replace them with the new ones?',
  },
  'edited.replace': { kk: 'Ауыстыру', ru: 'Заменить', en: 'Replace' },
  'edited.keep': { kk: 'Менікін қалдыру (біздікі жаңа парақ болып жазылады)', ru: 'Оставить мои (наши запишутся новым листом)', en: 'Keep mine (write ours as a new sheet)' },
  'edited.kept': { kk: 'Өзгерткен парақтарыңыз қалды: {sheets}.', ru: 'Ваши изменённые листы сохранены: {sheets}.', en: 'Your edited sheets were kept: {sheets}.' },
  'edited.replaced': { kk: 'Өзгертілген парақтар ауыстырылды: {sheets}.', ru: 'Изменённые листы заменены: {sheets}.', en: 'The edited sheets were replaced: {sheets}.' },

  // Progress
  'progress.reading': { kk: 'Оқылуда: {total} жолдың {done}', ru: 'Чтение: {done} из {total} строк', en: 'Reading {done} of {total} rows' },
  'progress.readingStart': { kk: 'Парақ оқылуда…', ru: 'Чтение листа…', en: 'Reading the sheet…' },
  'progress.sending': { kk: 'Тексеруге берілуде: {total} жолдың {done}', ru: 'Передача на проверку: {done} из {total} строк', en: 'Handing over {done} of {total} rows' },
  'progress.opening': { kk: 'Файл ашылуда…', ru: 'Открытие файла…', en: 'Opening the file…' },
  'progress.rates': { kk: 'Бағамдар оқылуда…', ru: 'Чтение курсов…', en: 'Reading the rates…' },
  'progress.checking': { kk: 'Тізілім тексерілуде: {rows} жол…', ru: 'Проверка реестра: {rows} строк…', en: 'Checking the register: {rows} rows…' },
  'progress.marking': { kk: 'Ұяшықтар белгіленуде…', ru: 'Пометка ячеек…', en: 'Marking the cells…' },
  'progress.writing': { kk: 'Парақтар жазылуда: {percent}%', ru: 'Запись листов: {percent}%', en: 'Writing the sheets: {percent}%' },
  'progress.packing': { kk: 'Файл жасалуда…', ru: 'Сборка файла…', en: 'Making the file…' },
  'progress.writingRows': { kk: 'Парақтар жазылуда: {total} жолдың {done} ({percent}%)', ru: 'Запись листов: {done} из {total} строк ({percent}%)', en: 'Writing the sheets: {done} of {total} rows ({percent}%)' },
  'progress.download': { kk: 'ҰБ бағамдары жүктелуде: {total} күннің {done}', ru: 'Загрузка курсов НБ: {done} из {total} дней', en: 'Downloading NBK rates: {done} of {total} days' },
  'progress.snapshot': { kk: 'Ай суреті жасалуда…', ru: 'Снимок месяца…', en: 'Taking the month\'s snapshot…' },
  'progress.cancel': { kk: 'Тоқтату', ru: 'Отмена', en: 'Cancel' },
  'progress.noCancel': { kk: 'Жазу басталды — бітуін күтіңіз.', ru: 'Идёт запись — дождитесь окончания.', en: 'Writing has started — let it finish.' },
  'progress.cancelled': { kk: 'Тоқтатылды: кітапқа ештеңе жазылған жоқ.', ru: 'Отменено: в книгу ничего не записано.', en: 'Cancelled: nothing was written to the workbook.' },

  // Status lines
  'status.outsideExcel': {
    kk: 'Бұл панель тек Excel ішінде жұмыс істейді. Тізілім кітабын Excel-де ашып, қондырманы «Басты» қойындысынан іске қосыңыз.',
    ru: 'Эта панель работает только внутри Excel. Откройте книгу с реестром в Excel и запустите надстройку с вкладки «Главная».',
    en: 'This pane works only inside Excel. Open the register workbook in Excel and start the add-in from the Home tab.',
  },
  'status.renamed': {
    kk: '«{plan}» деген парақ сіздікі, сондықтан оған тиіспедік: нәтиже «{name}» парағында.',
    ru: 'Лист «{plan}» ваш, поэтому мы его не трогали: результат на листе «{name}».',
    en: 'The sheet "{plan}" is yours, so it was left alone: the result is on "{name}".',
  },
  'status.noRates': {
    kk: 'Бағам жоқ: юань мен теңге бір-біріне аударылмады.',
    ru: 'Курсов нет: юани и тенге не пересчитаны друг в друга.',
    en: 'No rates: yuan and tenge were not converted into each other.',
  },
  'status.ratesFrom': {
    kk: 'Бағамдар: {count} ({sources}).',
    ru: 'Курсы: {count} ({sources}).',
    en: 'Rates: {count} ({sources}).',
  },

  // Totals
  'totals.projects': { kk: 'Жобалар', ru: 'Проекты', en: 'Projects' },
  'totals.KZT': { kk: 'Барлығы, теңге', ru: 'Всего, тенге', en: 'Total, tenge' },
  'totals.CNY': { kk: 'Барлығы, юань', ru: 'Всего, юаней', en: 'Total, yuan' },

  // Findings
  'severity.error': { kk: 'Қателер', ru: 'Ошибки', en: 'Errors' },
  'severity.warning': { kk: 'Ескертулер', ru: 'Предупреждения', en: 'Warnings' },
  'severity.info': { kk: 'Ақпарат', ru: 'Сведения', en: 'Notes' },
  'findings.more': {
    kk: 'Тағы {count} — толық тізім «Тексеру» парағында (Жиынтықтар қадамы).',
    ru: 'Ещё {count} — полный список на листе «Проверки» (шаг «Сводки»).',
    en: '{count} more — the full list goes on the Checks sheet (the Summaries step).',
  },
  'findings.goTo': { kk: '{cell} ұяшығына өту', ru: 'Перейти к ячейке {cell}', en: 'Go to cell {cell}' },

  // Errors: what happened, and what to do
  'error.title': { kk: 'Орындалмады', ru: 'Не получилось', en: 'That did not work' },
  'error.warningTitle': { kk: 'Назар аударыңыз', ru: 'Обратите внимание', en: 'Please note' },
  'error.outsideExcel': {
    kk: 'Бұл әрекет тек Excel ішінде жұмыс істейді. Кітапты Excel-де ашып, Тізілімді «Басты» қойындысынан іске қосыңыз.',
    ru: 'Это действие работает только внутри Excel. Откройте книгу в Excel и запустите Тізілім с вкладки «Главная».',
    en: 'This works only inside Excel. Open the workbook in Excel and start Tizilim from the Home tab.',
  },
  'error.tooLarge': {
    kk: '«{sheet}» парағының толтырылған ауқымы ({address}) тым үлкен: {cells} ұяшық, шегі — {limit}. Тізілімнен тыс толтырылған не пішімделген ұяшықтарды тазалаңыз немесе тізілімді жеке параққа көшіріп, қайталаңыз.',
    ru: 'Заполненный диапазон листа «{sheet}» ({address}) слишком велик: {cells} ячеек при пределе {limit}. Очистите заполненные ячейки за пределами реестра или скопируйте реестр на отдельный лист и повторите.',
    en: 'The used range of "{sheet}" ({address}) is too large: {cells} cells, the limit is {limit}. Clear the cells outside the register, or copy the register to a sheet of its own, and try again.',
  },
  'error.ownSheet': {
    kk: '«{sheet}» парағын осы құрал жазған. Өз тізілім парағыңызды ашып, қайталаңыз.',
    ru: 'Лист «{sheet}» записан этим инструментом. Откройте лист с вашим реестром и повторите.',
    en: 'The sheet "{sheet}" was written by this tool. Open the sheet with your register and try again.',
  },
  'error.noTable': {
    kk: '«{table}» кестесі табылмады — ол өшірілген не атауы өзгерген болуы мүмкін. «Қайта оқу» батырмасын басып, кестені қайта таңдаңыз.',
    ru: 'Таблица «{table}» не найдена — возможно, её удалили или переименовали. Нажмите «Прочитать заново» и выберите таблицу снова.',
    en: 'The table "{table}" was not found — it may have been deleted or renamed. Choose the table again.',
  },
  'error.chooseTable': { kk: 'Кестені таңдаңыз.', ru: 'Выберите таблицу.', en: 'Choose a table.' },
  'error.chooseFile': { kk: 'Файлды таңдаңыз.', ru: 'Выберите файл.', en: 'Choose a file.' },
  'error.pasteEmpty': { kk: 'Қойылған мәтін бос. Бағамдар кестесін көшіріп, қайта қойыңыз.', ru: 'Вставленный текст пуст. Скопируйте таблицу курсов и вставьте снова.', en: 'The pasted text is empty. Copy the rates table and paste it again.' },
  'error.pasteUnreadable': {
    kk: 'Қойылған кесте оқылмады: {reason}. Бағандар: күні (13.10.2025), валюта (CNY), бағам (76,71), қаласаңыз — саны.',
    ru: 'Вставленная таблица не читается: {reason}. Столбцы: дата (13.10.2025), валюта (CNY), курс (76,71), по желанию — количество.',
    en: 'The pasted table cannot be read: {reason}. Columns: date (13.10.2025), currency (CNY), rate (76.71), optionally quant.',
  },
  'error.fileRead': {
    kk: '«{name}» файлын оқу мүмкін болмады. Файл басқа бағдарламада ашық емес екенін тексеріп, қайта таңдаңыз.',
    ru: 'Не удалось прочитать файл «{name}». Проверьте, что он не открыт в другой программе, и выберите его снова.',
    en: 'The file "{name}" could not be read. Make sure no other program holds it open, and choose it again.',
  },
  'error.controlTotal': {
    kk: 'Бақылау сомасы оқылмады: «{text}». Теңгемен жазыңыз, мысалы: 134 млрд теңге немесе 134 000 000 000.',
    ru: 'Не удалось прочитать контрольную сумму: «{text}». Укажите её в тенге, например: 134 млрд тенге или 134 000 000 000.',
    en: 'The control total cannot be read: "{text}". Write it in tenge, e.g. 134 000 000 000.',
  },
  'error.noSheetsChosen': {
    kk: 'Бірде-бір парақ таңдалмаған. Кемінде біреуін белгілеп, қайталаңыз.',
    ru: 'Не выбран ни один лист. Отметьте хотя бы один и повторите.',
    en: 'No sheet is chosen. Tick at least one and try again.',
  },
  'error.noSettings': {
    kk: 'Бұл Excel баптауларды кітапта сақтай алмайды, сондықтан ұяшықтар белгіленбейді (олардың өз түсін қайтару мүмкін болмас еді).',
    ru: 'Этот Excel не может хранить настройки в книге, поэтому ячейки не помечаются (их заливку нельзя было бы вернуть).',
    en: 'This Excel cannot keep settings in the workbook, so cells are not marked (their own fill could not be given back).',
  },
  'error.settingsNotSaved': {
    kk: 'Баптаулар кітапқа сақталмады (кітап тек оқуға ашылған болуы мүмкін). Жұмысты жалғастыра беруге болады, бірақ кітапты қайта ашқанда олар қайтпайды.',
    ru: 'Настройки не сохранились в книге (возможно, она открыта только для чтения). Работать можно, но при следующем открытии книги они не вернутся.',
    en: 'The settings were not saved in the workbook (it may be read-only). You can go on working, but they will not come back when the workbook is reopened.',
  },
  'error.marksNotSaved': {
    kk: 'Ұяшықтар белгіленбеді: олардың өз түсін кітапқа сақтау мүмкін болмады (кітап тек оқуға ашылған болуы мүмкін). Ескертулер осы тізімде.',
    ru: 'Ячейки не помечены: не удалось сохранить в книге их исходную заливку (возможно, книга открыта только для чтения). Замечания — в этом списке.',
    en: 'The cells were not marked: their own fill could not be saved in the workbook (it may be read-only). The findings are in this list.',
  },
  'error.marksNotPlaced': {
    kk: 'Ұяшықтар белгіленбеді: Excel белгілеуді аяғына дейін жеткізбеді, сондықтан қойылған белгілер алынып, ұяшықтардың өз түсі қайтарылды. Ескертулер осы тізімде. Себебі: {reason}',
    ru: 'Ячейки не помечены: Excel не дал довести пометку до конца, поэтому уже поставленные пометки сняты и ячейкам возвращена их заливка. Замечания — в этом списке. Причина: {reason}',
    en: 'The cells were not marked: Excel stopped the marking part-way, so the marks already made were taken off and the cells have their own fill back. The findings are in this list. The reason: {reason}',
  },
  'error.cellEdit': {
    kk: 'Excel ұяшықты өңдеу күйінде. Enter немесе Esc пернесін басып, қайталаңыз.',
    ru: 'Excel в режиме правки ячейки. Нажмите Enter или Esc и повторите.',
    en: 'Excel is editing a cell. Press Enter or Esc and try again.',
  },
  'error.protected': {
    kk: 'Excel өзгертуге рұқсат бермеді: кітап не парақ қорғалған немесе тек оқуға ашылған болуы мүмкін. Қорғауды алып, қайталаңыз.',
    ru: 'Excel не разрешил изменения: книга или лист защищены либо открыты только для чтения. Снимите защиту и повторите.',
    en: 'Excel refused the change: the workbook or a sheet may be protected or read-only. Remove the protection and try again.',
  },
  'error.tooBig': {
    kk: 'Деректер Excel бір рет қабылдайтын көлемнен асып кетті. Тізілімді бірнеше параққа бөліп, қайталаңыз.',
    ru: 'Данные превысили объём, который Excel принимает за один раз. Разделите реестр на несколько листов и повторите.',
    en: 'The data exceeded what Excel accepts at once. Split the register into several sheets and try again.',
  },
  'error.oldExcel': {
    kk: 'Бұл Excel нұсқасында қажетті мүмкіндік жоқ. Excel-ді жаңартып немесе Excel-дің веб-нұсқасында қайталаңыз.',
    ru: 'В этой версии Excel нет нужной возможности. Обновите Excel или повторите в Excel в браузере.',
    en: 'This version of Excel lacks a feature the tool needs. Update Excel, or try in Excel on the web.',
  },
  'error.office': {
    kk: 'Excel сұрауды орындамады (код: {code}). Қайталап көріңіз; қате қайталанса, кітапты сақтап, Excel-ді қайта ашыңыз.',
    ru: 'Excel не выполнил запрос (код: {code}). Повторите; если ошибка повторится, сохраните книгу и перезапустите Excel.',
    en: 'Excel did not carry out the request (code: {code}). Try again; if it happens again, save the workbook and restart Excel.',
  },
  'error.unknown': {
    kk: 'Күтпеген қате болды: {message}. Қайталап көріңіз; қате қайталанса, кітапты сақтап, Excel-ді қайта ашыңыз.',
    ru: 'Непредвиденная ошибка: {message}. Повторите; если ошибка повторится, сохраните книгу и перезапустите Excel.',
    en: 'Unexpected error: {message}. Try again; if it happens again, save the workbook and restart Excel.',
  },
  // What to do after the core's input messages
  'hint.SHEET_EMPTY': {
    kk: 'Тізілім тұрған парақты ашыңыз немесе тізілімнің кестесін не файлын таңдаңыз.',
    ru: 'Откройте лист с реестром или выберите таблицу либо файл реестра.',
    en: 'Open the sheet with the register, or choose the register\'s table or file.',
  },
  'hint.NO_HEADER': {
    kk: 'Тізілім парағын ашыңыз немесе тақырып жолын алғашқы 30 жолдың ішіне жылжытыңыз.',
    ru: 'Откройте лист с реестром или поднимите строку шапки в первые 30 строк.',
    en: 'Open the register sheet, or move the header row into the first 30 rows.',
  },
  'hint.NOT_A_WORKBOOK': {
    kk: 'Excel-де ашып, .xlsx ретінде сақтаңыз да, қайта таңдаңыз.',
    ru: 'Откройте его в Excel, сохраните как .xlsx и выберите снова.',
    en: 'Open it in Excel, save it as .xlsx, and choose it again.',
  },
  'hint.FILE_TOO_LARGE': {
    kk: 'Тізілімді Excel-де ашып, «Осы парақ» көзін таңдаңыз.',
    ru: 'Откройте реестр в Excel и выберите источник «Этот лист».',
    en: 'Open the register in Excel and choose "This sheet" instead.',
  },
  'hint.RATES_UNREADABLE': {
    kk: 'Файлды тізімнен алып тастаңыз немесе nationalbank.kz сайтындағы ҰБ XML файлын қосыңыз.',
    ru: 'Уберите файл из списка или добавьте XML курсов с сайта nationalbank.kz.',
    en: 'Remove the file from the list, or add the NBK\'s XML from nationalbank.kz.',
  },

  // Diagnostics (the pane's footer)
  'diag.open': { kk: 'Диагностика', ru: 'Диагностика', en: 'Diagnostics' },
  'diag.title': { kk: 'Бұл Excel-дің диагностикасы', ru: 'Диагностика этого Excel', en: 'Diagnostics of this Excel' },
  'diag.intro': {
    kk: 'Тізілім сүйенетін Excel мүмкіндіктерін уақытша парақта тексереді (парақ соңында өшіріледі) және шағын жаңа кітап ашады — оны сақтамай жабуға болады. Есепті көшіріп, қолдау қызметіне жіберіңіз.',
    ru: 'Проверяет на временном листе (он удаляется в конце) возможности Excel, на которые опирается Тізілім, и открывает маленькую новую книгу — её можно закрыть без сохранения. Скопируйте отчёт и отправьте в поддержку.',
    en: 'Checks, on a scratch sheet removed at the end, the behaviours of Excel that Tizilim relies on, and opens a small new workbook you can close without saving. Copy the report and send it to support.',
  },
  'diag.outsideExcel': { kk: 'Диагностика тек Excel ішінде жұмыс істейді.', ru: 'Диагностика работает только внутри Excel.', en: 'Diagnostics works only inside Excel.' },
  'diag.run': { kk: 'Тексеруді бастау', ru: 'Запустить проверку', en: 'Run the checks' },
  'diag.runAgain': { kk: 'Қайта тексеру', ru: 'Проверить снова', en: 'Run again' },
  'diag.running': { kk: 'Тексерілуде: {total} ішінен {done}…', ru: 'Проверка: {done} из {total}…', en: 'Checking: {done} of {total}…' },
  'diag.back': { kk: 'Артқа', ru: 'Назад', en: 'Back' },
  'diag.summary': { kk: 'Өтті: {passed}, өтпеді: {failed}, тексерілмеді: {skipped}.', ru: 'Пройдено: {passed}, не пройдено: {failed}, не проверялось: {skipped}.', en: 'Passed: {passed}, failed: {failed}, not run: {skipped}.' },
  'diag.host': { kk: '{host}, {platform}, нұсқасы {version}; ExcelApi {api}', ru: '{host}, {platform}, версия {version}; ExcelApi {api}', en: '{host}, {platform}, version {version}; ExcelApi {api}' },
  'diag.pass': { kk: 'ӨТТІ', ru: 'ПРОЙДЕНО', en: 'PASS' },
  'diag.fail': { kk: 'ӨТПЕДІ', ru: 'НЕ ПРОЙДЕНО', en: 'FAIL' },
  'diag.skip': { kk: 'ЖОҚ', ru: 'НЕТ', en: 'N/A' },
  'diag.copy': { kk: 'Есепті көшіру', ru: 'Скопировать отчёт', en: 'Copy the report' },
  'diag.copied': { kk: 'Есеп көшірілді.', ru: 'Отчёт скопирован.', en: 'The report was copied.' },
  'diag.copyFailed': {
    kk: 'Бұл Excel тақтаға көшіруге рұқсат бермеді: төмендегі мәтінді белгілеп, Ctrl+C (Mac-та ⌘C) басыңыз.',
    ru: 'Этот Excel не дал панели скопировать: выделите текст ниже и нажмите Ctrl+C (на Mac ⌘C).',
    en: 'This Excel did not let the pane copy: select the text below and press Ctrl+C (⌘C on a Mac).',
  },
  'diag.reportLabel': { kk: 'Диагностика есебі', ru: 'Отчёт диагностики', en: 'Diagnostics report' },
  'diag.check.requirements': { kk: 'Талаптар жиынтығы (ExcelApi)', ru: 'Наборы требований (ExcelApi)', en: 'Requirement sets (ExcelApi)' },
  'diag.check.text': { kk: 'Апострофпен жазылған мәтін мәтін болып қалады', ru: 'Текст с апострофом остаётся текстом', en: 'Text after an apostrophe stays text' },
  'diag.check.formulas': { kk: 'Формулалар есептеледі және ауыстырылған парақтан кейін де жұмыс істейді', ru: 'Формулы вычисляются и работают после замены листа', en: 'Formulas calculate, and survive a replaced sheet' },
  'diag.check.payload': { kk: 'Бір сұрау көлемі (3,4 МБ; 5 МБ-тан асқаны)', ru: 'Объём одного запроса (3,4 МБ; больше 5 МБ)', en: 'One request\'s size (3.4 MB; over 5 MB)' },
  'diag.check.notes': { kk: 'Ескертпелер мен пікірлер', ru: 'Примечания и комментарии', en: 'Notes and comments' },
  'diag.check.properties': { kk: 'Кітап пен парақтың қосымша қасиеттері', ru: 'Настраиваемые свойства книги и листа', en: 'Custom properties of the workbook and sheets' },
  'diag.check.settings': { kk: 'Кітаптағы баптаулар', ru: 'Настройки в книге', en: 'Settings in the workbook' },
  'diag.check.dates': { kk: 'Күндер және күн жүйесі', ru: 'Даты и система дат', en: 'Dates and the date system' },
  'diag.check.createWorkbook': { kk: 'Файлды жаңа кітап ретінде ашу', ru: 'Открытие файла новой книгой', en: 'Opening a file as a new workbook' },
  'diag.check.cleanup': { kk: 'Уақытша парақтар өшірілді', ru: 'Временные листы удалены', en: 'The scratch sheets were removed' },

  // The ribbon's Check now (shown in a small dialog when it cannot write its result)
  'cmd.title': { kk: 'Тізілім — тексеру', ru: 'Тізілім — проверка', en: 'Tizilim — check' },
  'cmd.close': { kk: 'Жабу', ru: 'Закрыть', en: 'Close' },
  'cmd.handover.size': {
    kk: '«{sheet}» парағы таспадағы «Тексеру» батырмасы үшін тым үлкен (жолдар: {rows}): оны Тізілім тақтасы фонда тексереді.',
    ru: 'Лист «{sheet}» слишком велик для кнопки «Проверить» на ленте (строк: {rows}): его проверит панель Тізілім в фоновом режиме.',
    en: 'The sheet "{sheet}" is too large for the ribbon\'s Check now (rows: {rows}): the Tizilim pane checks it in the background.',
  },
  'cmd.handover.time': {
    kk: '«{sheet}» парағын тексеру таспадағы «Тексеру» батырмасына берілген уақыттан асып кетті (жолдар: {rows}); ештеңе жазылған жоқ: оны Тізілім тақтасы фонда тексереді.',
    ru: 'Проверка листа «{sheet}» заняла больше времени, чем отведено кнопке «Проверить» на ленте (строк: {rows}); ничего не записано: лист проверит панель Тізілім в фоновом режиме.',
    en: 'Checking "{sheet}" took longer than the ribbon\'s Check now is allowed (rows: {rows}); nothing was written: the Tizilim pane checks it in the background.',
  },
  'cmd.handover.open': {
    kk: '«Басты бет» → «Тізілімді ашу» басыңыз: тақта ашыла салысымен «{sheet}» парағын тексереді.',
    ru: 'Нажмите «Главная» → «Открыть Тізілім»: панель проверит лист «{sheet}», как только откроется.',
    en: 'Choose Home → Open Tizilim: the pane checks "{sheet}" as soon as it opens.',
  },
  'cmd.handover.openManual': {
    kk: '«Басты бет» → «Тізілімді ашу» басып, «{sheet}» парағын оқып, тексеріңіз.',
    ru: 'Нажмите «Главная» → «Открыть Тізілім», прочитайте лист «{sheet}» и нажмите «Проверить».',
    en: 'Choose Home → Open Tizilim, read the sheet "{sheet}" and check it there.',
  },
  'handover.taken': {
    kk: 'Таспадағы «Тексеру» бұл тізілімді тақтаға берді: «{sheet}» парағы осында тексерілуде.',
    ru: 'Кнопка «Проверить» на ленте передала этот реестр панели: лист «{sheet}» проверяется здесь.',
    en: 'The ribbon\'s Check now handed this register over: "{sheet}" is being checked here.',
  },
  'handover.missing': {
    kk: 'Таспадағы «Тексеру» «{sheet}» парағын тексеруді сұраған еді, бірақ ол парақ енді жоқ.',
    ru: 'Кнопка «Проверить» на ленте просила проверить лист «{sheet}», но такого листа больше нет.',
    en: 'The ribbon\'s Check now asked for "{sheet}" to be checked, but there is no such sheet any more.',
  },
};

/** A UI text in a language, filled from parameters. */
export function t(key: string, lang: Lang, params: Params = {}): string {
  const row = UI[key];
  return row ? fill(row[lang], params) : key;
}

/** Is there a text for this key? */
export function hasText(key: string): boolean {
  return key in UI;
}

/** Office's display language ("kk-KZ", "ru-RU", …) → ours; anything else reads English. */
export function langFromOffice(displayLanguage: string | null | undefined): Lang {
  const base = (displayLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return isLang(base) ? base : 'en';
}

/** The languages as they name themselves (the switch shows these whatever the pane's language). */
export const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** Locale for numbers shown in the pane. */
export const NUMBER_LOCALE: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en' };

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A number formatter for a language. Some browsers (Chromium's trimmed ICU data) accept "kk-KZ" but
 * format it with the root pattern ("1,234.5"); Kazakh groups and marks decimals as Russian does
 * ("1 234,5"), so Russian stands in there.
 */
export function numberFormat(lang: Lang, decimals: number): Intl.NumberFormat {
  const key = `${lang}:${decimals}`;
  let nf = formatters.get(key);
  if (!nf) {
    const opts = { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
    let locale = NUMBER_LOCALE[lang];
    if (lang === 'kk' && new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).format(1234.5) === '1,234.5') locale = NUMBER_LOCALE.ru;
    nf = new Intl.NumberFormat(locale, opts);
    formatters.set(key, nf);
  }
  return nf;
}

/** A count or a decimal string ("134000000000.00") as the language writes it. */
export function formatNumber(x: string | number, lang: Lang, decimals = 0): string {
  // Intl formats a decimal string exactly where supported (ES2023), else as a double.
  return numberFormat(lang, decimals).format(x as unknown as number);
}

const rateFormatters = new Map<Lang, Intl.NumberFormat>();

/** A rate as the language writes it, 2 to 4 decimals ("76,71", "5,1234"); kk-KZ falls back as numberFormat does. */
export function formatRate(x: string | number, lang: Lang): string {
  let nf = rateFormatters.get(lang);
  if (!nf) {
    const locale = numberFormat(lang, 0).resolvedOptions().locale;
    nf = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
    rateFormatters.set(lang, nf);
  }
  return nf.format(x as unknown as number);
}

/** "2025-10-13" → "13.10.2025", as the register's economists write dates in every language. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
