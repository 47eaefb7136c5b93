import { Field, Int, ObjectType } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import type { StaffUserEntity } from './staff.entity';

@ObjectType('StaffUser', { implements: Node })
export class StaffUserType extends Node {
  dbId: string;

  @Field()
  email: string;

  @Field()
  givenName: string;

  @Field()
  familyName: string;

  @Field(() => StaffRole)
  role: StaffRole;

  @Field({ description: 'A deactivated user cannot sign in' })
  active: boolean;

  @Field(() => Int)
  version: number;

  static from(entity: StaffUserEntity): StaffUserType {
    return Object.assign(new StaffUserType(), {
      id: toGlobalId('StaffUser', entity.id),
      dbId: entity.id,
      email: entity.email,
      givenName: entity.givenName,
      familyName: entity.familyName,
      role: entity.role,
      active: entity.active,
      version: entity.version,
    });
  }
}

@ObjectType()
export class StaffUserConnection extends Connection(StaffUserType, 'StaffUser') {}
