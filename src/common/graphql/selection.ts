import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields asked of a connection's nodes, through `nodes { ... }` or `edges { node { ... } }`, by
 * field name (not alias), across inline and named fragments. Directives (@include, @skip) are not
 * evaluated: a field they leave out is still named, which only costs a caller that prefetches for it.
 */
export function connectionNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined, onField: (name: string, inner: SelectionSetNode | undefined) => void) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) onField(selection.name.value, selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, onField);
      else visit(info.fragments[selection.name.value]?.selectionSet, onField);
    }
  };
  const collect = (nodeSelection: SelectionSetNode | undefined) => visit(nodeSelection, (name) => names.add(name));
  for (const fieldNode of info.fieldNodes) {
    visit(fieldNode.selectionSet, (name, inner) => {
      if (name === 'nodes') collect(inner);
      else if (name === 'edges') visit(inner, (edgeField, node) => edgeField === 'node' && collect(node));
    });
  }
  return names;
}
