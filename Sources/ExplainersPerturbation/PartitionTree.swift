/// A binary hierarchy of features in scipy's linkage layout, as shap's Partition explainer reads it:
/// leaves 0 ..< M, internal node M + i joins `nodes[i].left` and `nodes[i].right` at `distance`, and
/// holds `size` leaves. A node at a negative distance is never split (its credit is shared by its
/// leaves in proportion to their number), as in shap's `owen` recursion.
public struct PartitionTree: Sendable, Equatable {
    /// One internal node.
    public struct Node: Sendable, Equatable {
        /// The children's indices.
        public var left: Int, right: Int
        /// The merge distance (negative: never split).
        public var distance: Double
        /// Leaves under the node.
        public var size: Int

        /// A node.
        public init(left: Int, right: Int, distance: Double, size: Int) {
            (self.left, self.right, self.distance, self.size) = (left, right, distance, size)
        }
    }

    /// Leaves (features).
    public let leafCount: Int
    /// Internal nodes, M − 1 of them; the last is the root.
    public let nodes: [Node]

    /// A tree from a linkage; precondition: M − 1 nodes whose children come before them.
    public init(leafCount: Int, nodes: [Node]) {
        precondition(leafCount >= 1 && nodes.count == leafCount - 1, "PartitionTree: \(nodes.count) nodes for \(leafCount) leaves")
        for (i, node) in nodes.enumerated() {
            precondition(node.left < leafCount + i && node.right < leafCount + i, "PartitionTree: node \(i) refers forward")
        }
        self.leafCount = leafCount
        self.nodes = nodes
    }

    /// The root's index (leaf 0 when there is one leaf).
    public var root: Int { leafCount + nodes.count - 1 }

    /// Leaves under a node (1 for a leaf).
    public func size(of index: Int) -> Int { index < leafCount ? 1 : nodes[index - leafCount].size }

    /// Each node's leaves, for every index 0 ..< 2M − 1.
    public func members() -> [[Int]] {
        var result = (0..<leafCount).map { [$0] }
        for node in nodes { result.append(result[node.left] + result[node.right]) }
        return result
    }

    // MARK: - shap's text clustering

    /// shap's Text-masker hierarchy (`shap.maskers._text.partition_tree`, shap 0.51) over features given
    /// as their token strings: each feature's tokens start as one group (shap merges a word's `##` pieces
    /// first), then adjacent groups merge greedily by shap's `merge_score` (pieces and apostrophe endings
    /// first; brackets, connectors, commas and sentence ends later; smaller groups first; the first
    /// maximum wins), each node at distance 10 − score.
    public init(featureTokens: [[String]]) {
        precondition(!featureTokens.isEmpty && featureTokens.allSatisfy { !$0.isEmpty }, "PartitionTree: every feature needs a token")
        let strings = featureTokens.flatMap { $0 }
        var balanced = strings.map { !(Self.openers.keys.contains($0) || Self.closers.contains($0)) }
        // Each group is a contiguous token range and a node index.
        var groups: [(start: Int, end: Int, index: Int)] = []
        var start = 0
        for (feature, tokens) in featureTokens.enumerated() {
            groups.append((start, start + tokens.count, feature))
            start += tokens.count
        }
        let m = featureTokens.count
        var nodes: [Node] = []
        while groups.count > 1 {
            var best = 0, bestScore = -Double.infinity
            for i in 0..<(groups.count - 1) {
                let score = Self.mergeScore(strings, balanced, groups[i].start..<groups[i].end, groups[i + 1].start..<groups[i + 1].end)
                if score > bestScore || i == 0 { (best, bestScore) = (i, score) }
            }
            let (a, b) = (groups[best], groups[best + 1])
            nodes.append(Node(left: a.index, right: b.index, distance: 10 - bestScore,
                              size: (a.index < m ? 1 : nodes[a.index - m].size) + (b.index < m ? 1 : nodes[b.index - m].size)))
            if let closer = Self.openers[strings[a.start]], strings[b.end - 1] == closer {
                balanced[a.start] = true
                balanced[b.end - 1] = true
            }
            groups[best] = (a.start, b.end, m + nodes.count - 1)
            groups.remove(at: best + 1)
        }
        self.init(leafCount: m, nodes: nodes)
    }

    static let openers = ["(": ")"]
    static let closers: Set<String> = [")"]
    static let connectors: Set<String> = ["but", "and", "or"]
    static let enders: Set<String> = [".", "?", "!"]

    /// shap's `merge_score(group1, group2)` over token ranges (no special tokens: features never hold [SEP]).
    static func mergeScore(_ s: [String], _ balanced: [Bool], _ g1: Range<Int>, _ g2: Range<Int>) -> Double {
        var score = 0.0
        let first1 = s[g1.lowerBound], last1 = s[g1.upperBound - 1], first2 = s[g2.lowerBound], last2 = s[g2.upperBound - 1]
        if first2.hasPrefix("##") { score += 20 }
        if first2 == "'" && (g2.count == 1 || (g2.count == 2 && ["t", "s"].contains(s[g2.lowerBound + 1]))) { score += 15 }
        if last1 == "'" && ["t", "s"].contains(first2) { score += 15 }
        let startControl = first1.hasPrefix("[") && first1.hasSuffix("]")
        let endControl = last2.hasPrefix("[") && last2.hasSuffix("]")
        if startControl != endControl { score -= 1000 }
        if openers.keys.contains(first2) && !balanced[g2.lowerBound] { score -= 100 }
        if closers.contains(last1) && !balanced[g1.upperBound - 1] { score -= 100 }
        // shap tests `group2[-1] not in closers` on a Token object, which is always true.
        if openers.keys.contains(first1) { score -= 2 }
        if connectors.contains(last1) || connectors.contains(first2) { score -= 2 }
        if last1 == "," { score -= 10 }
        if first2 == "," { score -= g2.count > 1 ? 10 : 1 }
        if enders.contains(last1) { score -= 20 }
        if enders.contains(first2) { score -= g2.count > 1 ? 20 : 1 }
        return score - Double(g1.count + g2.count)
    }
}
