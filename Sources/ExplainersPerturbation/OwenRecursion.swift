import TensorCore

/// shap's Partition-explainer recursion (`PartitionExplainer.owen` with `fixed_context=None`, shap 0.51):
/// Owen values of a game over a `PartitionTree`.
///
/// A visit of node n carries a context (the coalition `on` outside n), f00 = v(on) and f11 = v(on ∪ n)
/// and a weight. Splitting n into children L, R evaluates f10 = v(on ∪ L) and f01 = v(on ∪ R) and visits
/// L with contexts on (f00 → f10) and on ∪ R (f01 → f11), R likewise, each at half the weight — the
/// two-player Shapley value between siblings, nested. A leaf, an unsplittable node (negative distance)
/// or any visit left when the budget runs out keeps (f11 − f00)·weight; finally each node's credit is
/// passed down to its leaves in proportion to their number (`lower_credit`).
///
/// Visits are taken from a priority queue, largest |f11 − f00|·weight first (ties by a seeded draw),
/// `batchSize` evaluations per round, as shap does. When the whole tree fits in the budget the order
/// cannot change the result, and every level is evaluated in one batch instead.
public enum OwenRecursion {
    struct Visit {
        var on: [Bool]
        var low: Double, high: Double
        var node: Int
        var weight: Double
    }

    /// Owen values with at most `maximumEvaluations` calls of the value function (v(∅) and v(all)
    /// included); `evaluate` gets each round's coalitions (true keeps a feature) in one call.
    public static func values(tree: PartitionTree, maximumEvaluations: Int, batchSize: Int, random: inout SeededRandom,
                              evaluate: ([[Bool]]) throws -> [Double]) rethrows -> (values: [Double], base: Double, full: Double, evaluations: Int) {
        let m = tree.leafCount
        let ends = try evaluate([[Bool](repeating: false, count: m), [Bool](repeating: true, count: m)])
        let limit = maximumEvaluations - 2
        let root = Visit(on: [Bool](repeating: false, count: m), low: ends[0], high: ends[1], node: tree.root, weight: 1)
        var credit = [Double](repeating: 0, count: 2 * m - 1)
        let members = tree.members()
        let used: Int
        if fullExpansionCost(tree) <= limit {
            used = try expandByLevels(root, tree: tree, members: members, credit: &credit, evaluate: evaluate)
        } else {
            used = try expandByPriority(root, tree: tree, members: members, limit: limit, batchSize: batchSize,
                                        random: &random, credit: &credit, evaluate: evaluate)
        }
        lowerCredit(tree.root, 0, tree: tree, credit: &credit)
        return (Array(credit[0..<m]), ends[0], ends[1], used + 2)
    }

    /// Evaluations needed to split every splittable node in every context (saturating).
    public static func fullExpansionCost(_ tree: PartitionTree) -> Int {
        func cost(_ index: Int, visits: Int) -> Int {
            guard index >= tree.leafCount, tree.nodes[index - tree.leafCount].distance >= 0 else { return 0 }
            let node = tree.nodes[index - tree.leafCount]
            let children = visits > Int.max / 8 ? Int.max / 4 : 2 * visits
            let total = children + cost(node.left, visits: children) + cost(node.right, visits: children)
            return min(total, Int.max / 4)
        }
        return cost(tree.root, visits: 1)
    }

    // MARK: - Expansion

    /// Splits a visit: nil for a leaf or an unsplittable node, else the children and the two coalitions.
    static func split(_ visit: Visit, tree: PartitionTree, members: [[Int]]) -> (left: Int, right: Int, masks: [[Bool]])? {
        guard visit.node >= tree.leafCount else { return nil }
        let node = tree.nodes[visit.node - tree.leafCount]
        guard node.distance >= 0 else { return nil }
        var withLeft = visit.on, withRight = visit.on
        for leaf in members[node.left] { withLeft[leaf] = true }
        for leaf in members[node.right] { withRight[leaf] = true }
        return (node.left, node.right, [withLeft, withRight])
    }

    /// The four child visits of a split visit given f10 and f01 (shap's order: left and right in the
    /// empty context, then left and right in the other's context).
    static func children(of visit: Visit, left: Int, right: Int, masks: [[Bool]], f10: Double, f01: Double) -> [Visit] {
        let weight = visit.weight / 2
        return [Visit(on: visit.on, low: visit.low, high: f10, node: left, weight: weight),
                Visit(on: visit.on, low: visit.low, high: f01, node: right, weight: weight),
                Visit(on: masks[1], low: f01, high: visit.high, node: left, weight: weight),
                Visit(on: masks[0], low: f10, high: visit.high, node: right, weight: weight)]
    }

    static func expandByLevels(_ root: Visit, tree: PartitionTree, members: [[Int]], credit: inout [Double],
                               evaluate: ([[Bool]]) throws -> [Double]) rethrows -> Int {
        var frontier = [root], used = 0
        while !frontier.isEmpty {
            var pending: [(Visit, Int, Int, [[Bool]])] = []
            for visit in frontier {
                if let (left, right, masks) = split(visit, tree: tree, members: members) {
                    pending.append((visit, left, right, masks))
                } else {
                    credit[visit.node] += (visit.high - visit.low) * visit.weight
                }
            }
            let outputs = try evaluate(pending.flatMap { $0.3 })
            used += outputs.count
            frontier = pending.enumerated().flatMap { index, item in
                children(of: item.0, left: item.1, right: item.2, masks: item.3, f10: outputs[2 * index], f01: outputs[2 * index + 1])
            }
        }
        return used
    }

    static func expandByPriority(_ root: Visit, tree: PartitionTree, members: [[Int]], limit: Int, batchSize: Int,
                                 random: inout SeededRandom, credit: inout [Double],
                                 evaluate: ([[Bool]]) throws -> [Double]) rethrows -> Int {
        var queue = VisitQueue()
        queue.push(root, priority: 0, tie: 0)
        var used = 0
        while !queue.isEmpty {
            if used >= limit {
                while let visit = queue.pop() { credit[visit.node] += (visit.high - visit.low) * visit.weight }
                break
            }
            var batch: [(Visit, Int, Int, [[Bool]])] = []
            var masks = 0
            while !queue.isEmpty && masks < batchSize && used + masks < limit {
                let visit = queue.pop()!
                if let (left, right, pair) = split(visit, tree: tree, members: members) {
                    batch.append((visit, left, right, pair))
                    masks += 2
                } else {
                    credit[visit.node] += (visit.high - visit.low) * visit.weight
                }
            }
            guard !batch.isEmpty else { continue }
            let outputs = try evaluate(batch.flatMap { $0.3 })
            used += outputs.count
            for (index, item) in batch.enumerated() {
                for child in children(of: item.0, left: item.1, right: item.2, masks: item.3,
                                      f10: outputs[2 * index], f01: outputs[2 * index + 1]) {
                    queue.push(child, priority: -abs(child.high - child.low) * child.weight, tie: random.nextGaussian())
                }
            }
        }
        return used
    }

    /// shap's `lower_credit`: a node's credit flows to its children in proportion to their sizes.
    static func lowerCredit(_ index: Int, _ value: Double, tree: PartitionTree, credit: inout [Double]) {
        credit[index] += value
        guard index >= tree.leafCount else { return }
        let node = tree.nodes[index - tree.leafCount], share = credit[index] / Double(node.size)
        lowerCredit(node.left, share * Double(tree.size(of: node.left)), tree: tree, credit: &credit)
        lowerCredit(node.right, share * Double(tree.size(of: node.right)), tree: tree, credit: &credit)
    }
}

/// A binary min-heap of visits by (priority, tie), as Python's `PriorityQueue` orders shap's tuples.
struct VisitQueue {
    private var heap: [(priority: Double, tie: Double, visit: OwenRecursion.Visit)] = []

    var isEmpty: Bool { heap.isEmpty }

    private static func less(_ a: (priority: Double, tie: Double, visit: OwenRecursion.Visit),
                             _ b: (priority: Double, tie: Double, visit: OwenRecursion.Visit)) -> Bool {
        a.priority != b.priority ? a.priority < b.priority : a.tie < b.tie
    }

    mutating func push(_ visit: OwenRecursion.Visit, priority: Double, tie: Double) {
        heap.append((priority, tie, visit))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> OwenRecursion.Visit? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast().visit
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && Self.less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return top }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
