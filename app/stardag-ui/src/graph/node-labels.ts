import { formatParamValue } from "@/lib/format";

type GraphNodeLike = { task_id: string; family: string; parameters?: Record<string, unknown> | null };

/**
 * For each node, the `name=value` text of the parameters that tell it apart from the
 * other nodes of its family in the same graph (a lone node of its family shows its
 * first scalar parameters). Nodes with nothing to show map to "".
 */
export function distinguishingParams(nodes: GraphNodeLike[], max = 2): Map<string, string> {
  const byFamily = new Map<string, GraphNodeLike[]>();
  for (const node of nodes) {
    const group = byFamily.get(node.family);
    if (group) group.push(node);
    else byFamily.set(node.family, [node]);
  }
  const labels = new Map<string, string>();
  for (const group of byFamily.values()) {
    const texts = group.map((node) =>
      Object.fromEntries(Object.entries(node.parameters ?? {}).map(([k, v]) => [k, formatParamValue(v)])),
    );
    const names = [...new Set(texts.flatMap((t) => Object.keys(t)))];
    const differing =
      group.length === 1
        ? names.filter((name) => typeof group[0].parameters?.[name] !== "object" || group[0].parameters?.[name] === null)
        : names.filter((name) => new Set(texts.map((t) => t[name])).size > 1);
    group.forEach((node, index) => {
      const text = differing
        .slice(0, max)
        .filter((name) => texts[index][name] !== undefined)
        .map((name) => `${name}=${texts[index][name]}`)
        .join(" ");
      labels.set(node.task_id, text);
    });
  }
  return labels;
}
