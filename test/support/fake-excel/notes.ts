/**
 * The fake Excel, notes (ExcelApi 1.18) and threaded comments (ExcelApi 1.10), kept beside
 * the model by sheet and by workbook, and the helpers tests read and plant them with.
 */
import { fail } from './errors';
import { cellCount, colLetters, parseRef, type Rect, splitSheet } from './geometry';
import type { FakeExcel } from './host';
import type { SheetM, WorkbookM } from './model';
import { FakeCollection, FakeObject } from './proxy';
import { fakeQuirks } from './quirks';
import { FakeRange } from './range';
import { findSheet, liveSheet } from './worksheets';

interface NoteM {
  sheet: SheetM;
  r: number;
  c: number;
  content: string;
  author: string;
  deleted: boolean;
}

interface CommentM {
  id: string;
  sheet: SheetM;
  r: number;
  c: number;
  content: string;
  author: string;
  deleted: boolean;
}

const NOTES = new WeakMap<SheetM, NoteM[]>();
const COMMENTS = new WeakMap<WorkbookM, CommentM[]>();
const AUTHOR = 'Fake User';

function notesOf(sh: SheetM): NoteM[] {
  let list = NOTES.get(sh);
  if (!list) NOTES.set(sh, (list = []));
  return list;
}

function commentsOf(wb: WorkbookM): CommentM[] {
  let list = COMMENTS.get(wb);
  if (!list) COMMENTS.set(wb, (list = []));
  return list;
}

/** One cell from "B7", "Sheet1!B7" or a range proxy; InvalidArgument for anything larger. */
function oneCell(wb: WorkbookM, at: FakeRange | string, dfltSheet: SheetM | null, where: string): { sheet: SheetM; r: number; c: number } {
  let sheet: SheetM | null;
  let rect: Rect;
  if (typeof at === 'string') {
    const { sheet: name, ref } = splitSheet(at);
    sheet = name !== null ? findSheet(wb, name) : dfltSheet ?? wb.active;
    rect = parseRef(ref);
  } else {
    const t = at._t();
    sheet = t.sheet;
    rect = t.rect;
  }
  if (!sheet) fail('ItemNotFound', `No sheet for ${String(at)}.`, where);
  if (cellCount(rect) !== 1) fail('InvalidArgument', 'The address must be a single cell.', where);
  return { sheet: liveSheet(sheet), r: rect.r0, c: rect.c0 };
}

class FakeNote extends FakeObject<NoteM> {
  readonly _type = 'Note';
  protected readonly _scalars = ['content', 'authorName', 'visible', 'height', 'width'] as const;
  protected _read(n: NoteM, prop: string): unknown {
    if (n.deleted) fail('ItemNotFound', 'The note was deleted.', 'Note');
    switch (prop) {
      case 'content': return n.content;
      case 'authorName': return n.author;
      case 'visible': return false;
      case 'height': return 59.25;
      case 'width': return 96;
    }
    return undefined;
  }
  get content(): string { return this._get('content'); }
  set content(v: string) { this._set('content', v, (n) => (n.content = String(v))); }
  get authorName(): string { return this._get('authorName'); }
  delete(): void {
    this._call('delete', [], (n) => {
      n.deleted = true;
      const list = notesOf(n.sheet);
      list.splice(list.indexOf(n), 1);
    });
  }
  getLocation(): FakeRange {
    return new FakeRange(this.context, () => {
      const n = this._t();
      return { sheet: n.sheet, rect: { r0: n.r, c0: n.c, r1: n.r, c1: n.c } };
    }, false, ['getLocation']);
  }
}

export class FakeNoteCollection extends FakeCollection<SheetM, FakeNote> {
  readonly _type = 'NoteCollection';
  protected _list(sh: SheetM): unknown[] {
    this.context.requireApi('1.18', 'Worksheet.notes');
    return notesOf(sh);
  }
  protected _wrap(item: unknown): FakeNote {
    return new FakeNote(this.context, () => item as NoteM);
  }
  private find(key: string): NoteM | null {
    this.context.requireApi('1.18', 'NoteCollection.getItem');
    const sh = this._owner();
    const at = oneCell(this.context.host.model, key, sh, 'NoteCollection.getItem');
    return notesOf(sh).find((n) => n.r === at.r && n.c === at.c) ?? null;
  }
  add(cellAddress: FakeRange | string, content: string): FakeNote {
    let made: NoteM | null = null;
    const p = new FakeNote(this.context, () => made);
    this.context.enqueue(['add', typeof cellAddress === 'string' ? cellAddress : '<range>', content], () => {
      this.context.requireApi('1.18', 'NoteCollection.add');
      const sh = this._owner();
      const at = oneCell(this.context.host.model, cellAddress, sh, 'NoteCollection.add');
      if (at.sheet !== sh) fail('InvalidArgument', 'The cell is not on this worksheet.', 'NoteCollection.add');
      if (notesOf(sh).some((n) => n.r === at.r && n.c === at.c)) fail('InvalidOperation', 'The cell already has a note.', 'NoteCollection.add');
      if (commentsOf(this.context.host.model).some((m) => m.sheet === sh && m.r === at.r && m.c === at.c)) fail('InvalidOperation', 'The cell already has a comment.', 'NoteCollection.add');
      made = { sheet: sh, r: at.r, c: at.c, content: String(content), author: AUTHOR, deleted: false };
      notesOf(sh).push(made);
      p._bind();
    });
    return p;
  }
  getItem(key: string): FakeNote {
    return new FakeNote(this.context, () => this.find(key), false, ['getItem', key]);
  }
  getItemOrNullObject(key: string): FakeNote {
    return new FakeNote(this.context, () => this.find(key), true, ['getItemOrNullObject', key]);
  }
}

class FakeComment extends FakeObject<CommentM> {
  readonly _type = 'Comment';
  protected readonly _scalars = ['id', 'content', 'authorName', 'resolved'] as const;
  protected _read(m: CommentM, prop: string): unknown {
    if (m.deleted) fail('ItemNotFound', 'The comment was deleted.', 'Comment');
    switch (prop) {
      case 'id': return m.id;
      case 'content': return m.content;
      case 'authorName': return m.author;
      case 'resolved': return false;
    }
    return undefined;
  }
  get id(): string { return this._get('id'); }
  get content(): string { return this._get('content'); }
  set content(v: string) { this._set('content', v, (m) => (m.content = String(v))); }
  get authorName(): string { return this._get('authorName'); }
  delete(): void {
    this._call('delete', [], (m) => {
      m.deleted = true;
      const list = commentsOf(this.context.host.model);
      list.splice(list.indexOf(m), 1);
    });
  }
  getLocation(): FakeRange {
    return new FakeRange(this.context, () => {
      const m = this._t();
      return { sheet: liveSheet(m.sheet), rect: { r0: m.r, c0: m.c, r1: m.r, c1: m.c } };
    }, false, ['getLocation']);
  }
}

export class FakeCommentCollection extends FakeCollection<WorkbookM, FakeComment> {
  readonly _type = 'CommentCollection';
  protected _list(wb: WorkbookM): unknown[] {
    this.context.requireApi('1.10', 'Workbook.comments');
    return commentsOf(wb).filter((m) => !m.sheet.deleted);
  }
  protected _wrap(item: unknown): FakeComment {
    return new FakeComment(this.context, () => item as CommentM);
  }
  add(cellAddress: FakeRange | string, content: string, _contentType?: string): FakeComment {
    let made: CommentM | null = null;
    const p = new FakeComment(this.context, () => made);
    this.context.enqueue(['add', typeof cellAddress === 'string' ? cellAddress : '<range>', content], () => {
      this.context.requireApi('1.10', 'CommentCollection.add');
      const wb = this._owner();
      const at = oneCell(wb, cellAddress, null, 'CommentCollection.add');
      if (commentsOf(wb).some((m) => m.sheet === at.sheet && m.r === at.r && m.c === at.c)) fail('InvalidOperation', 'The cell already has a comment.', 'CommentCollection.add');
      if (!fakeQuirks(this.context.host).broken?.includes('note-guard') && notesOf(at.sheet).some((n) => n.r === at.r && n.c === at.c)) fail('InvalidOperation', 'The cell already has a note.', 'CommentCollection.add');
      made = { id: `{comment-${commentsOf(wb).length + 1}-${Date.now() % 100000}}`, sheet: at.sheet, r: at.r, c: at.c, content: String(content), author: AUTHOR, deleted: false };
      commentsOf(wb).push(made);
      p._bind();
    });
    return p;
  }
  getItem(id: string): FakeComment {
    return new FakeComment(this.context, () => {
      this.context.requireApi('1.10', 'CommentCollection.getItem');
      return commentsOf(this._owner()).find((m) => m.id === id) ?? null;
    }, false, ['getItem', id]);
  }
  getItemByCell(cellAddress: FakeRange | string): FakeComment {
    return new FakeComment(this.context, () => {
      this.context.requireApi('1.10', 'CommentCollection.getItemByCell');
      const wb = this._owner();
      const at = oneCell(wb, cellAddress, null, 'CommentCollection.getItemByCell');
      return commentsOf(wb).find((m) => m.sheet === at.sheet && m.r === at.r && m.c === at.c) ?? null;
    }, false, ['getItemByCell', typeof cellAddress === 'string' ? cellAddress : '<range>']);
  }
}

/** The notes of a sheet as Excel holds them: A1 address → text (for assertions). */
export function fakeNotes(fake: FakeExcel, sheet: string): Record<string, string> {
  return Object.fromEntries(notesOf(fake.requireSheet(sheet)).map((n) => [`${colLetters(n.c)}${n.r + 1}`, n.content]));
}

/** The workbook's threaded comments: "Sheet!A1" → text (for assertions). */
export function fakeComments(fake: FakeExcel): Record<string, string> {
  return Object.fromEntries(commentsOf(fake.model).filter((m) => !m.sheet.deleted).map((m) => [`${m.sheet.name}!${colLetters(m.c)}${m.r + 1}`, m.content]));
}

/** Put a note on a cell directly (a fixture: the user's own note). */
export function addFakeNote(fake: FakeExcel, sheet: string, a1: string, content: string): void {
  const sh = fake.requireSheet(sheet);
  const rect = parseRef(a1);
  notesOf(sh).push({ sheet: sh, r: rect.r0, c: rect.c0, content, author: AUTHOR, deleted: false });
}

/** Put a threaded comment on a cell directly (a fixture: the user's own comment). */
export function addFakeComment(fake: FakeExcel, sheet: string, a1: string, content: string): void {
  const sh = fake.requireSheet(sheet);
  const rect = parseRef(a1);
  commentsOf(fake.model).push({ id: `{user-comment-${commentsOf(fake.model).length + 1}}`, sheet: sh, r: rect.r0, c: rect.c0, content, author: AUTHOR, deleted: false });
}
