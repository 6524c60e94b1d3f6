import Datasets
import TransformerCore

/// Where the runner gets the model of a task: the suite names `finetuned`, `decoder` or a path, and a
/// provider turns that into a model (the CLI's provider fine-tunes a missing classifier first; tests
/// pass tiny in-process models).
public protocol ModelProvider: Sendable {
    /// The encoder classifier for an encoder task.
    func encoder(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> BertModel
    /// The decoder LM for a decoder task.
    func decoder(for entry: Suite.TaskEntry, task: TaskDefinition) throws -> LlamaModel
}
