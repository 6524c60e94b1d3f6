// Embedding lookup and its scatter-add backward. N ids, C channels, V vocabulary rows.

/// out[i] = table[ids[i]]; every id must be in 0..<vocabularySize.
public func embeddingForward(out: UnsafeMutablePointer<Float>,   // (N,C)
                             ids: UnsafePointer<Int32>,          // (N)
                             table: UnsafePointer<Float>,        // (V,C)
                             vocabularySize: Int, n: Int, c: Int) {
    for i in 0..<n {
        let id = Int(ids[i])
        precondition(id >= 0 && id < vocabularySize, "embeddingForward: id \(id) outside 0..<\(vocabularySize)")
        (out + i * c).update(from: table + id * c, count: c)
    }
}

/// dTable[ids[i]] += dOut[i] (repeated ids accumulate).
public func embeddingBackward(dTable: UnsafeMutablePointer<Float>,  // (V,C)
                              dOut: UnsafePointer<Float>,           // (N,C)
                              ids: UnsafePointer<Int32>,            // (N)
                              n: Int, c: Int) {
    for i in 0..<n {
        let row = dTable + Int(ids[i]) * c, d = dOut + i * c
        for j in 0..<c { row[j] += d[j] }
    }
}
