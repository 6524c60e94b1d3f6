/// A directed graph with real capacities and Dinic's maximum-flow algorithm (exact up to the
/// `epsilon` below which a residual capacity counts as saturated). Reusable: `maximumFlow` restores the
/// capacities before each run.
struct FlowNetwork {
    private var heads: [Int]            // first edge of each node, -1 for none
    private var next: [Int] = []        // next edge from the same node
    private var target: [Int] = []
    private var capacity: [Double] = []
    private var residual: [Double] = []
    /// Residual capacities at or below this are treated as zero.
    let epsilon: Double

    /// An empty network on `nodes` nodes.
    init(nodes: Int, epsilon: Double = 1e-12) {
        heads = [Int](repeating: -1, count: nodes)
        self.epsilon = epsilon
    }

    /// Nodes in the network.
    var nodeCount: Int { heads.count }
    /// Directed edges (without their reverse residual edges).
    var edgeCount: Int { target.count / 2 }

    /// Adds u → v with `capacity` (and its zero-capacity reverse edge).
    mutating func addEdge(_ u: Int, _ v: Int, capacity c: Double) {
        for (from, to, cap) in [(u, v, c), (v, u, 0.0)] {
            target.append(to)
            capacity.append(cap)
            next.append(heads[from])
            heads[from] = target.count - 1
        }
    }

    /// The maximum flow from `source` to `sink`.
    mutating func maximumFlow(from source: Int, to sink: Int) -> Double {
        residual = capacity
        let n = heads.count
        var total = 0.0
        var level = [Int](repeating: -1, count: n), cursor = heads
        while true {
            // Levels by breadth-first search in the residual graph.
            for i in 0..<n { level[i] = -1 }
            level[source] = 0
            var queue = [source], index = 0
            while index < queue.count {
                let u = queue[index]
                index += 1
                var e = heads[u]
                while e >= 0 {
                    if residual[e] > epsilon && level[target[e]] < 0 {
                        level[target[e]] = level[u] + 1
                        queue.append(target[e])
                    }
                    e = next[e]
                }
            }
            guard level[sink] >= 0 else { return total }
            cursor = heads
            while true {
                let pushed = augment(source, sink, .infinity, &level, &cursor)
                if pushed <= epsilon { break }
                total += pushed
            }
        }
    }

    /// One blocking-flow augmenting path by depth-first search along increasing levels.
    private mutating func augment(_ u: Int, _ sink: Int, _ limit: Double, _ level: inout [Int], _ cursor: inout [Int]) -> Double {
        if u == sink { return limit }
        while cursor[u] >= 0 {
            let e = cursor[u], v = target[e]
            if residual[e] > epsilon && level[v] == level[u] + 1 {
                let pushed = augment(v, sink, min(limit, residual[e]), &level, &cursor)
                if pushed > epsilon {
                    residual[e] -= pushed
                    residual[e ^ 1] += pushed
                    return pushed
                }
            }
            cursor[u] = next[e]
        }
        return 0
    }
}
