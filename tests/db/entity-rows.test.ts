import { In, type ObjectLiteral } from 'typeorm';
import { seedDemoDistrict } from '../../seeds/district';
import { currentSchoolYearStart } from '../../seeds/generate';
import { entities } from '../../src/db/entities';
import { entityRowsByKeys } from '../../src/db/entity-rows';
import { quoteIdent } from '../../src/common/sql-text';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { TEST_TODAY } from '../support/test-app';

/**
 * entityRowsByKeys (and the page preload's decoding, which shares its hydrator) hands the hot read
 * paths the entities TypeORM's own find would: same class, same properties, same values, for every
 * entity keyed by a uuid, on rows of a seeded district (dates, timestamps, enums, booleans,
 * numerics, arrays, nulls).
 */
describe('entity rows hydrated without TypeORM', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.ds.transaction((em) =>
      seedDemoDistrict(em, { students: 120, seed: 'entity-rows', schoolYearStartYear: currentSchoolYearStart(TEST_TODAY), asOf: TEST_TODAY }),
    );
  }, 120_000);
  afterAll(() => db.drop());

  it('equal what find returns, entity by entity', async () => {
    let compared = 0;
    for (const entity of entities) {
      const metadata = db.ds.getMetadata(entity);
      const [primary, ...more] = metadata.primaryColumns;
      if (more.length > 0 || primary.type !== 'uuid' || metadata.columns.some((c) => c.embeddedMetadata)) continue;
      const live = metadata.deleteDateColumn ? `WHERE ${quoteIdent(metadata.deleteDateColumn.databaseName)} IS NULL` : '';
      const ids: string[] = (
        await db.ds.query(`SELECT ${quoteIdent(primary.databaseName)} AS id FROM ${quoteIdent(metadata.tableName)} ${live} ORDER BY 1 LIMIT 40`)
      ).map((r: { id: string }) => r.id);
      if (ids.length === 0) continue;
      const ours = await entityRowsByKeys<ObjectLiteral>(db.ds, entity, primary.propertyName, ids, [[primary.propertyName, 'ASC']]);
      const typeorm = await db.ds.getRepository<ObjectLiteral>(entity).find({ where: { [primary.propertyName]: In(ids) }, order: { [primary.propertyName]: 'ASC' } });
      expect({ entity: metadata.name, rows: ours }).toEqual({ entity: metadata.name, rows: typeorm });
      for (const row of ours) expect(row).toBeInstanceOf(metadata.target as new () => unknown);
      compared++;
    }
    // The district gave rows to most entities, not a vacuous pass.
    expect(compared).toBeGreaterThan(15);
  });
});
