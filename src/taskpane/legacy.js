/*
 * Tizilim's guard for old webviews — plain ECMAScript 5, loaded before anything else on each page.
 *
 * Perpetual Office through 2019 (volume-licensed, and retail without the WebView2 runtime) shows
 * add-ins in the webview of Internet Explorer 11 ("Trident") or of the first Microsoft Edge
 * ("EdgeHTML"). Tizilim's bundles are ES2020 and cannot even be parsed there, so the pane would stay
 * on "Loading…" for ever. Microsoft's guidance ("Support older Microsoft webviews and Office
 * versions") is a graceful failure message; this script gives one, in the user's language, saying
 * which Excel versions work:
 *
 * - at once, when the user agent names Trident or EdgeHTML (as the guidance recognises them; the
 *   bundle, were it to run, then stays out of the way: window.tizilimLegacyWebview);
 * - and on any webview, when the page has loaded and its bundle never started (it sets
 *   window.tizilimStarted = true as its first act): a browser too old to parse it, or a script that
 *   did not arrive.
 *
 * The language is the browser's until Office answers, then Office's display language. On the ribbon's
 * function file (commands.html) there is nothing to show: a fallback checkNow (which the bundle
 * replaces when it runs) opens the small dialog page with the same message instead. It must stay
 * ES5 — test/taskpane/legacy.test.ts parses it as ES5, and eslint lints it as ES5.
 */
(function () {
  'use strict';

  var TEXT = {
    kk: {
      title: 'Бұл Excel Тізілімді іске қоса алмайды',
      webview: 'Бұл Excel қондырмаларды ескі кірістірілген браузерде (Internet Explorer 11 немесе Microsoft Edge-тің алғашқы нұсқасы) ашады, ал Тізілім онда жұмыс істей алмайды.',
      notStarted: 'Тізілімнің скрипттері бұл браузерде іске қосылмады: браузер тым ескі, не скрипттер жүктелмеді.',
      works: 'Тізілім мыналарда жұмыс істейді:',
      list: [
        'Excel веб-нұсқасы — Edge, Chrome, Firefox не Safari браузерінің қазіргі нұсқасында;',
        'Windows 10 немесе 11-дегі Microsoft 365 Excel, не Excel 2021 және одан жаңасы;',
        'бөлшек саудада сатып алынған Excel 2016 не 2019 — Microsoft Edge WebView2 Runtime орнатылғаннан кейін (көлемдік лицензиялы Excel 2016 мен 2019 әрқашан Internet Explorer-ді пайдаланады);',
        'Mac-тағы Excel (16.17 не одан жаңа, macOS жаңартылған).'
      ],
      what: 'Excel-ді жаңартыңыз немесе тізілімді Excel веб-нұсқасында ашыңыз. Осы арада тізілімді командалық жолмен тексеруге болады: tizilim check.',
      close: 'Жабу'
    },
    ru: {
      title: 'Эта версия Excel не может запустить Тізілім',
      webview: 'Этот Excel показывает надстройки в старом встроенном браузере (Internet Explorer 11 или первая версия Microsoft Edge), в котором Тізілім работать не может.',
      notStarted: 'Скрипты Тізілім не запустились в этом браузере: он слишком стар, или скрипты не загрузились.',
      works: 'Тізілім работает в:',
      list: [
        'Excel в браузере — в актуальных Edge, Chrome, Firefox или Safari;',
        'Excel из Microsoft 365 или Excel 2021 и новее в Windows 10 или 11;',
        'Excel 2016 или 2019, купленном как розничная версия, — после установки Microsoft Edge WebView2 Runtime (Excel 2016 и 2019 с корпоративной лицензией всегда используют Internet Explorer);',
        'Excel для Mac (16.17 или новее, на обновлённой macOS).'
      ],
      what: 'Обновите Excel или откройте реестр в Excel в браузере. А пока реестр можно проверить из командной строки: tizilim check.',
      close: 'Закрыть'
    },
    en: {
      title: 'This version of Excel cannot run Tizilim',
      webview: 'This Excel shows add-ins in an old built-in browser (Internet Explorer 11 or the first Microsoft Edge), in which Tizilim cannot run.',
      notStarted: 'Tizilim\'s scripts did not start in this browser: it is too old, or the scripts did not arrive.',
      works: 'Tizilim works in:',
      list: [
        'Excel on the web, in a current Edge, Chrome, Firefox or Safari;',
        'Excel for Microsoft 365, or Excel 2021 and later, on Windows 10 or 11;',
        'Excel 2016 or 2019 bought as a retail licence, once the Microsoft Edge WebView2 Runtime is installed (volume-licensed Excel 2016 and 2019 always use Internet Explorer);',
        'Excel for Mac (16.17 or later, on an up-to-date macOS).'
      ],
      what: 'Update Excel, or open the register in Excel on the web. Meanwhile the register can be checked on the command line: tizilim check.',
      close: 'Close'
    }
  };

  var nav = window.navigator || {};
  var ua = nav.userAgent || '';
  // Trident: "Trident/7.0"; EdgeHTML: "Edge/18.x" (Edge on Chromium writes "Edg/", without the e).
  var oldWebview = ua.indexOf('Trident/') !== -1 || /\sEdge\/\d/.test(ua);
  if (oldWebview) window.tizilimLegacyWebview = true;
  var page = document.documentElement.getAttribute('data-page') || 'taskpane';
  var shown = null;

  function pickLang(tag) {
    var base = String(tag || '').toLowerCase().split(/[-_]/)[0];
    return TEXT.hasOwnProperty(base) ? base : 'en';
  }

  function query(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(window.location.search || '');
    return m ? decodeURIComponent(m[1].replace(/\+/g, ' ')) : null;
  }

  var lang = pickLang(query('lang') || (nav.languages && nav.languages[0]) || nav.language || nav.userLanguage || nav.browserLanguage);

  function started() {
    return window.tizilimStarted === true;
  }

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) e.appendChild(document.createTextNode(text));
    return e;
  }

  function render(reason) {
    var t = TEXT[lang];
    var box = el('div');
    box.className = 'legacy-message';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-testid', 'legacy-message');
    box.setAttribute('data-reason', reason);
    box.setAttribute('lang', lang);
    box.appendChild(el('h1', t.title));
    box.appendChild(el('p', reason === 'webview' ? t.webview : t.notStarted));
    box.appendChild(el('p', t.works));
    var ul = el('ul');
    for (var i = 0; i < t.list.length; i++) ul.appendChild(el('li', t.list[i]));
    box.appendChild(ul);
    box.appendChild(el('p', t.what));
    if (page === 'dialog') {
      var button = el('button', t.close);
      button.setAttribute('type', 'button');
      button.onclick = function () {
        var ui = window.Office && window.Office.context && window.Office.context.ui;
        if (ui && ui.messageParent) ui.messageParent('close');
        else window.close();
      };
      box.appendChild(button);
    }
    var target = document.getElementById('app') || document.getElementById('dialog') || document.body;
    while (target.firstChild) target.removeChild(target.firstChild);
    target.appendChild(box);
    document.documentElement.setAttribute('lang', lang);
    document.title = t.title;
  }

  function show(reason) {
    if (page === 'commands') return;
    shown = reason;
    render(reason);
    // Office's display language, once office.js can tell it.
    try {
      var office = window.Office;
      if (office && typeof office.onReady === 'function') {
        office.onReady(function () {
          try {
            var l = pickLang(office.context && office.context.displayLanguage);
            if (l !== lang && shown) {
              lang = l;
              render(shown);
            }
          } catch (e) {
            // the browser's language stays
          }
        });
      }
    } catch (e) {
      // no Office: the browser's language stays
    }
  }

  // The ribbon's Check now where the bundle cannot run: the dialog page says it. The bundle, when it
  // runs, puts its own checkNow in this one's place.
  if (page === 'commands') {
    window.checkNow = function (event) {
      var done = false;
      var complete = function () {
        if (done) return;
        done = true;
        try {
          event.completed();
        } catch (e) {
          // Office is gone
        }
      };
      try {
        var ui = window.Office && window.Office.context && window.Office.context.ui;
        if (!ui || typeof ui.displayDialogAsync !== 'function') return complete();
        var base = String(window.location.href).split('#')[0].split('?')[0].replace(/[^\/]*$/, '');
        var url = base + 'dialog.html?legacy=1&lang=' + encodeURIComponent(lang);
        ui.displayDialogAsync(url, { height: 50, width: 40, displayInIframe: true }, function (r) {
          if (!r || r.status !== 'succeeded') return complete();
          var dialog = r.value;
          var close = function () {
            try {
              dialog.close();
            } catch (e) {
              // closed already
            }
            complete();
          };
          dialog.addEventHandler('dialogMessageReceived', close);
          dialog.addEventHandler('dialogEventReceived', close);
        });
      } catch (e) {
        complete();
      }
    };
  }

  function onReadyState() {
    if (oldWebview && !shown) show('webview');
  }

  if (document.readyState === 'loading') {
    if (document.addEventListener) document.addEventListener('DOMContentLoaded', onReadyState, false);
  } else onReadyState();

  if (window.addEventListener) {
    window.addEventListener('load', function () {
      if (!shown && (!started() || (page === 'dialog' && query('legacy') === '1'))) show(oldWebview ? 'webview' : 'not-started');
    }, false);
  }
})();
