import { Readable } from 'node:stream';
import { checkCsv, checkCsvFile, csvColumnBatches, csvRows, MalformedFileError, MAX_RECORD_BYTES, type CsvColumnBatch, type CsvColumns } from '../../src/modules/import/csv';

const COLUMNS: CsvColumns = { required: ['student_id', 'date', 'category'] };

const stream = (...chunks: (string | Buffer)[]) => Readable.from(chunks, { objectMode: false });

/** `text` handed over in two chunks cut at every position, as a file stream cuts blocks anywhere. */
const everyCut = (text: string) => Array.from({ length: text.length + 1 }, (_, cut) => [cut, stream(text.slice(0, cut), text.slice(cut))] as const);

async function rows(input: Readable, columns: CsvColumns = COLUMNS) {
  const out = [];
  for await (const row of csvRows(input, 'days.csv', columns)) out.push(row);
  return out;
}

async function batches(input: Readable, size: number, columns: CsvColumns = COLUMNS, intern: string[] = []) {
  const out: CsvColumnBatch[] = [];
  for await (const batch of csvColumnBatches(input, 'days.csv', columns, size, intern)) out.push(batch);
  return out;
}

describe('reading a CSV file', () => {
  it.each([
    ['LF line ends', 'student_id,date,category\nS1,2026-10-01,P\nS2,2026-10-01,A\n'],
    ['a BOM and CRLF line ends', '\ufeffstudent_id,date,category\r\nS1,2026-10-01,P\r\nS2,2026-10-01,A\r\n'],
    ['no final line end', 'student_id,date,category\nS1,2026-10-01,P\nS2,2026-10-01,A'],
    ['padded fields and padded quoted fields', 'student_id , date,category\n S1 ,2026-10-01, P\n  "S2" ,"2026-10-01",  A\n'],
  ])('reads %s, wherever the stream cuts it', async (_, text) => {
    for (const [cut, input] of everyCut(text)) {
      expect([cut, await rows(input)]).toEqual([
        cut,
        [
          { line: 2, values: { student_id: 'S1', date: '2026-10-01', category: 'P' } },
          { line: 3, values: { student_id: 'S2', date: '2026-10-01', category: 'A' } },
        ],
      ]);
    }
  });

  it('reads quoted commas, doubled quotes and quoted line breaks as values', async () => {
    const text = 'student_id,date,category\n"S, 1","he said ""hi""","two\nlines"\n,"",\n';
    expect(await rows(stream(text))).toEqual([
      { line: 2, values: { student_id: 'S, 1', date: 'he said "hi"', category: 'two\nlines' } },
      { line: 4, values: { student_id: '', date: '', category: '' } },
    ]);
  });

  it('reads a character split between two chunks', async () => {
    const bytes = Buffer.from('student_id,date,category\nSé1,2026-10-01,P\n');
    const cut = bytes.indexOf(0xa9);
    expect(await rows(stream(bytes.subarray(0, cut), bytes.subarray(cut)))).toEqual([{ line: 2, values: { student_id: 'Sé1', date: '2026-10-01', category: 'P' } }]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('numbers each row by the line it starts on, after blank lines and quoted line breaks (%s)', async (_, end) => {
    const text = [
      'student_id,date,category', // 1
      '', // 2
      'S1,2026-10-01,"a note', // 3
      'over three', // 4
      'lines"', // 5
      '   ', // 6: blanks only
      'S2,2026-10-01,P', // 7
      '"S3', // 8
      '",2026-10-01', // 9: one field short
      'S4,2026-10-02,A', // 10
      '',
      '',
    ].join(end);
    for (const [cut, input] of everyCut(text)) {
      const got = await rows(input);
      expect([cut, got.map((r) => r.line)]).toEqual([cut, [3, 7, 8, 10]]);
    }
    const [first] = await rows(stream(text));
    expect(first).toEqual({ line: 3, values: { student_id: 'S1', date: '2026-10-01', category: `a note${end}over three${end}lines` } });
  });

  it('hands back a row with the wrong number of fields as a problem on its line', async () => {
    expect(await rows(stream('student_id,date,category\nS1,2026-10-01\nS2,2026-10-01,P,extra\nS3,2026-10-01,P\n'))).toEqual([
      { line: 2, problem: 'has 2 fields; the header has 3' },
      { line: 3, problem: 'has 4 fields; the header has 3' },
      { line: 4, values: { student_id: 'S3', date: '2026-10-01', category: 'P' } },
    ]);
  });

  it('reads the named columns in any order, ignores others and gives an absent optional column as empty', async () => {
    const columns = { required: ['student_id', 'date'], optional: ['category', 'minutes'] };
    const text = 'note,date,student_id,category\nx,2026-10-01,S1,P\n';
    expect(await rows(stream(text), columns)).toEqual([{ line: 2, values: { note: 'x', date: '2026-10-01', student_id: 'S1', category: 'P' } }]);
    expect(await batches(stream(text), 10, columns)).toEqual([
      { size: 1, lines: [2], values: { student_id: ['S1'], date: ['2026-10-01'], category: ['P'], minutes: [''] }, problems: [] },
    ]);
  });
});

describe('a malformed CSV file', () => {
  it.each([
    ['text after a closing quote', 'student_id,date,category\n"S1"x,2026-10-01,P\n', /^days\.csv: is not valid CSV \(Invalid Closing Quote: got "x" at line 2/],
    ['a quote inside an unquoted field', 'student_id,date,category\nS1,2026"-10-01,P\n', /^days\.csv: is not valid CSV \(Invalid Opening Quote: a quote is found on field 1 at line 2/],
    ['a quote never closed', 'student_id,date,category\nS1,"2026-10-01,P\nS2,2026-10-01,P\n', /^days\.csv: is not valid CSV \(Quote Not Closed: the parsing is finished with an opening quote at line 3/],
  ])('is refused whole, naming the file and the line, for %s', async (_, text, message) => {
    const check = checkCsv(stream(text), 'days.csv', COLUMNS);
    await expect(check).rejects.toBeInstanceOf(MalformedFileError);
    await expect(check).rejects.toThrow(message);
    await expect(rows(stream(text))).rejects.toThrow(message);
    await expect(batches(stream(text), 10)).rejects.toThrow(message);
  });

  it('is refused for a record over the size limit, without reading the rest of the file', async () => {
    const chunk = 'y'.repeat(64 * 1024);
    let produced = 0;
    // A quote left open on line 2 of a file far bigger than the limit, produced only as it is read.
    const endless = Readable.from(
      (function* () {
        yield 'student_id,date,category\nS1,"';
        for (; produced < 8 * MAX_RECORD_BYTES; produced += chunk.length) yield chunk;
      })(),
      { objectMode: false },
    );
    await expect(checkCsv(endless, 'days.csv', COLUMNS)).rejects.toThrow(
      new MalformedFileError('days.csv', `is not valid CSV (Max Record Size: record exceed the maximum number of tolerated bytes of ${MAX_RECORD_BYTES} at line 2)`),
    );
    expect(produced).toBeLessThan(2 * MAX_RECORD_BYTES);
  });

  it('is read when its longest record is within the limit', async () => {
    const note = 'n'.repeat(MAX_RECORD_BYTES - 100);
    expect(await rows(stream(`student_id,date,category\nS1,2026-10-01,"${note}"\n`))).toEqual([{ line: 2, values: { student_id: 'S1', date: '2026-10-01', category: note } }]);
  });

  it('is refused for a missing or repeated column or no header at all', async () => {
    await expect(checkCsv(stream('student,date,category\n'), 'days.csv', COLUMNS)).rejects.toThrow(
      new MalformedFileError('days.csv', 'missing column "student_id"; the header must include student_id, date, category'),
    );
    await expect(checkCsv(stream('student_id,date,category,date\n'), 'days.csv', COLUMNS)).rejects.toThrow('days.csv: column "date" appears twice in the header');
    await expect(checkCsv(stream(''), 'days.csv', COLUMNS)).rejects.toThrow(new MalformedFileError('days.csv', 'is empty: expected a header row'));
    await expect(rows(stream('\r\n  \r\n'))).rejects.toThrow(new MalformedFileError('days.csv', 'is empty: expected a header row'));
  });

  it('passes on a failure to read the file as it is, not as malformed CSV', async () => {
    const failing = new Readable({
      read() {
        this.push('student_id,date,category\nS1,2026-10-01,P\n');
        this.destroy(new Error('disk gone'));
      },
    });
    const error = await rows(failing).catch((e: unknown) => e);
    expect(error).toEqual(new Error('disk gone'));
    expect(error).not.toBeInstanceOf(MalformedFileError);
  });
});

describe('the check pass', () => {
  it('counts the rows after the header, blank lines aside, and the ones with a wrong number of fields', async () => {
    expect(await checkCsv(stream('student_id,date,category\nS1,2026-10-01,P\n\nS2,2026-10-01\n"S3",2026-10-01,A'), 'days.csv', COLUMNS)).toBe(3);
    expect(await checkCsv(stream('student_id,date,category\n'), 'days.csv', COLUMNS)).toBe(0);
  });
});

describe('the check pass over a plain file (no quotes)', () => {
  const opener = (...chunks: string[]) => () => Promise.resolve(stream(...chunks));

  it.each([
    ['LF line ends', 'student_id,date,category\nS1,2026-10-01,P\nS2,2026-10-01,A\n', true],
    ['a BOM, CRLF line ends and blank lines', '\ufeff\r\n student_id , date,category\r\nS1,2026-10-01,P\r\n \t\r\nS2,2026-10-01,A\r\n\r\n', true],
    ['no final line end and a row of the wrong width', 'student_id,date,category\nS1,2026-10-01,P\n\nS2,2026-10-01\nS3,2026-10-01,A', true],
    ['a header only', 'student_id,date,category\n', true],
    ['quoted fields (read by csv-parse)', 'student_id,date,category\nS1,2026-10-01,P\n"S2",2026-10-01,A\n', false],
    ['a bare CR (read by csv-parse)', 'student_id,date,category\rS1,2026-10-01,P\rS2,2026-10-01,A\r', false],
  ])('counts the rows of %s as csv-parse does, wherever the stream cuts it', async (_, text, plain) => {
    const rows = await checkCsv(stream(text), 'days.csv', COLUMNS);
    for (let cut = 0; cut <= text.length; cut++) {
      expect([cut, await checkCsvFile(opener(text.slice(0, cut), text.slice(cut)), 'days.csv', COLUMNS)]).toEqual([cut, { rows, plain }]);
    }
  });

  it('refuses what csv-parse refuses: a bad header, no header, broken quoting', async () => {
    const refusal = (text: string) => checkCsv(stream(text), 'days.csv', COLUMNS).catch((e: unknown) => e);
    for (const text of [
      'student,date,category\nS1,2026-10-01,P\n',
      '\ufeffstudent_id,date,category,date\n',
      '',
      '\r\n  \n',
      'student_id,date,category\nS1,"2026-10-01,P\nS2,2026-10-01,P\n',
      'student_id,date,category\nS1,2026"-10-01,P\n',
    ]) {
      const expected = await refusal(text);
      expect(expected).toBeInstanceOf(MalformedFileError);
      await expect(checkCsvFile(opener(text), 'days.csv', COLUMNS)).rejects.toThrow(expected as Error);
    }
  });
});

describe('column batches', () => {
  it('hands rows over column by column, in batches of the size asked, with malformed rows apart', async () => {
    const text = 'category,extra,student_id,date\nP,x,S1,2026-10-01\nA,y,S2\n\nE,z,S3,2026-10-02\nT,w,S4,2026-10-05\nA,v,S5,2026-10-05\n';
    for (const [cut, input] of everyCut(text)) {
      expect([cut, await batches(input, 2, COLUMNS, ['date'])]).toEqual([
        cut,
        [
          { size: 2, lines: [2], values: { student_id: ['S1'], date: ['2026-10-01'], category: ['P'] }, problems: [{ line: 3, problem: 'has 3 fields; the header has 4' }] },
          { size: 2, lines: [5, 6], values: { student_id: ['S3', 'S4'], date: ['2026-10-02', '2026-10-05'], category: ['E', 'T'] }, problems: [] },
          { size: 1, lines: [7], values: { student_id: ['S5'], date: ['2026-10-05'], category: ['A'] }, problems: [] },
        ],
      ]);
    }
  });

  it.each([
    ['LF line ends, a blank line and a row of the wrong width', 'category,extra,student_id,date\nP,x,S1,2026-10-01\nA,y,S2\n\nE,z,S3,2026-10-02\nT,w,S4,2026-10-05\nA,v,S5,2026-10-05\n'],
    ['a BOM, CRLF, padded fields, blank lines first and no final line end', '\ufeff \r\n\r\n student_id , date,category\r\n S1 ,2026-10-01, P\r\n\t\r\nS2,2026-10-01,A'],
    ['a header only', 'student_id,date,category\r\n'],
  ])('reads a plain file line by line as csv-parse reads it: %s', async (_, text) => {
    const expected = await batches(stream(text), 2, COLUMNS, ['date']);
    for (const [cut, input] of everyCut(text)) {
      const plain: CsvColumnBatch[] = [];
      for await (const batch of csvColumnBatches(input, 'days.csv', COLUMNS, 2, ['date'], true)) plain.push(batch);
      expect([cut, plain]).toEqual([cut, expected]);
    }
  });

  it('refuses a file read as plain that has changed since its check', async () => {
    const read = async (text: string) => {
      for await (const _ of csvColumnBatches(stream(text), 'days.csv', COLUMNS, 2, [], true));
    };
    await expect(read('student_id,date,category\nS1,"2026-10-01",P\n')).rejects.toThrow(
      new MalformedFileError('days.csv', 'changed while it was imported: a quote where the check found none'),
    );
    await expect(read('student_id,date,category\rS1,2026-10-01,P\n')).rejects.toThrow(
      new MalformedFileError('days.csv', 'changed while it was imported: a line break other than LF or CRLF where the check found none'),
    );
    await expect(read('')).rejects.toThrow(new MalformedFileError('days.csv', 'is empty: expected a header row'));
  });

  it('yields nothing for a file with a header and no rows', async () => {
    expect(await batches(stream('student_id,date,category\r\n'), 2)).toEqual([]);
  });
});
