import { getMetadataStorage as validatorStorage } from 'class-validator';
import { getNamedType, isInputObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema } from '../../src/schema';

/** Every free-text input field has a maximum length, so no request can store an unbounded string. */
describe('input bounds', () => {
  it('puts a length limit on every String field of every input type', async () => {
    const schema = await buildAppSchema();
    const inputs = (getMetadataStorage() as unknown as { inputTypes: { name: string; target: Function }[] }).inputTypes;
    const unbounded: string[] = [];
    let checked = 0;
    for (const type of Object.values(schema.getTypeMap()).filter(isInputObjectType)) {
      const target = inputs.find((i) => i.name === type.name)?.target;
      const rules = target
        ? (validatorStorage() as unknown as { getTargetValidationMetadatas(t: Function, s: string, a: boolean, b: boolean): { propertyName: string; name?: string; type: string; constraintCls?: { name: string } }[] })
            .getTargetValidationMetadatas(target, '', true, false)
        : [];
      for (const [name, field] of Object.entries(type.getFields())) {
        if (getNamedType(field.type).name !== 'String') continue;
        checked++;
        const bounded = rules.some((r) => r.propertyName === name && ['length', 'maxLength', 'isLength', 'isEmail'].some((k) => `${r.name ?? ''}${r.type}`.toLowerCase().includes(k.toLowerCase())));
        if (!bounded) unbounded.push(`${type.name}.${name}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(unbounded).toEqual([]);
  });
});
