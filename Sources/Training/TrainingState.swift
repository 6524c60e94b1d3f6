import Foundation
import TransformerCore

/// A resumable snapshot of a fine-tune: parameters, AdamW moments and the number of steps taken,
/// stored as one safetensors file (`p.N`, `m.N`, `v.N`) whose metadata records the run's cache key.
/// Because the batch plan and every dropout mask are functions of (seed, epoch, step), the step
/// count is all the position a resumed run needs.
public enum TrainingState {
    /// Saves `parameters` and `optimizer` for the run `key` at `path` (atomically).
    public static func save(_ parameters: BertParameterSet, optimizer: AdamW, key: String, runningLoss: Double,
                            to path: String) throws {
        var entries: [SafetensorsWriter.Entry] = []
        for (i, shape) in parameters.shapes.enumerated() {
            entries.append(SafetensorsWriter.Entry(name: "p.\(i)", shape: shape, values: parameters.values[i]))
            entries.append(SafetensorsWriter.Entry(name: "m.\(i)", shape: shape, values: optimizer.firstMoment.values[i]))
            entries.append(SafetensorsWriter.Entry(name: "v.\(i)", shape: shape, values: optimizer.secondMoment.values[i]))
        }
        try SafetensorsWriter.write(entries, metadata: ["key": key, "step": String(optimizer.step),
                                                        "running_loss": String(runningLoss)], to: path)
    }

    /// Restores the state at `path` into `parameters` and `optimizer` when it belongs to the run
    /// `key`; returns the running loss, or nil (and leaves both untouched) when the state is another run's.
    public static func restore(from path: String, key: String, parameters: inout BertParameterSet,
                               optimizer: inout AdamW) throws -> Double? {
        let file: SafetensorsFile
        do { file = try SafetensorsFile(path: path) } catch {
            throw TrainingError.incompatibleState(path: path, reason: "cannot be read (\(error))")
        }
        guard file.metadata["key"] == key, let step = file.metadata["step"].flatMap(Int.init) else { return nil }
        guard step <= optimizer.totalSteps else {
            throw TrainingError.incompatibleState(path: path, reason: "records step \(step) of a run of \(optimizer.totalSteps) steps")
        }
        var restored = parameters, first = optimizer.firstMoment, second = optimizer.secondMoment
        for (i, shape) in parameters.shapes.enumerated() {
            for (prefix, count) in [("p", 0), ("m", 1), ("v", 2)] {
                let name = "\(prefix).\(i)"
                guard let entry = file.entries[name], entry.shape == shape else {
                    throw TrainingError.incompatibleState(path: path, reason: "tensor \(name) is missing or not of shape \(shape)")
                }
                let values = try file.tensor(name).storage
                switch count {
                case 0: restored.values[i] = values
                case 1: first.values[i] = values
                default: second.values[i] = values
                }
            }
        }
        parameters = restored
        optimizer.firstMoment = first
        optimizer.secondMoment = second
        optimizer.step = step
        return file.metadata["running_loss"].flatMap(Double.init) ?? 0
    }
}
