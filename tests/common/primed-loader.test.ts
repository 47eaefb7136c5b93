import { groupLoader, rowLoader } from '../../src/common/loader-helpers';

describe('PrimedLoader (rowLoader, groupLoader)', () => {
  const fetched: string[][] = [];
  const rows = () =>
    rowLoader(
      async (ids) => {
        fetched.push([...ids]);
        return ids.filter((id) => id !== 'missing').map((id) => ({ id, name: `loaded ${id}` }));
      },
      (row) => row.id,
    );
  beforeEach(() => fetched.splice(0));

  it('hands a primed value to the continuation at once, null included, and load agrees', async () => {
    const loader = rows();
    loader.prime('a', { id: 'a', name: 'primed a' });
    loader.prime('b', null);
    expect(loader.resolve('a', (row) => row?.name)).toBe('primed a');
    expect(loader.resolve('b', (row) => row)).toBeNull();
    expect(await loader.load('a')).toEqual({ id: 'a', name: 'primed a' });
    expect(fetched).toEqual([]);
  });

  it('loads what was not primed, and keeps the loaded value over a later prime, as DataLoader does', async () => {
    const loader = rows();
    const pending = loader.resolve('c', (row) => row?.name);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe('loaded c');
    loader.prime('c', { id: 'c', name: 'primed c' });
    const again = loader.resolve('c', (row) => row?.name);
    expect(again).toBeInstanceOf(Promise);
    expect(await again).toBe('loaded c');
    expect(await loader.resolve('missing', (row) => row)).toBeNull();
    expect(fetched).toEqual([['c'], ['missing']]);
  });

  it('forgets a primed value when cleared, and never holds an error or a promise as known', async () => {
    const loader = rows();
    loader.prime('d', { id: 'd', name: 'primed d' });
    loader.clear('d');
    expect(await loader.resolve('d', (row) => row?.name)).toBe('loaded d');
    loader.prime('e', new Error('failed elsewhere'));
    await expect(Promise.resolve(loader.resolve('e', (row) => row))).rejects.toThrow('failed elsewhere');
    const groups = groupLoader(async () => [] as { key: string }[], (row) => row.key);
    groups.prime('f', []);
    groups.clearAll();
    expect(groups.resolve('f', (list) => list)).toBeInstanceOf(Promise);
  });
});
