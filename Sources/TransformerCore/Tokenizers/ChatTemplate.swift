/// The ChatML template of SmolLM2-Instruct (its GGUF `tokenizer.chat_template`):
/// `<|im_start|>role\ncontent<|im_end|>\n` per message, a default system message when the first
/// message is not one, and `<|im_start|>assistant\n` as the generation prompt.
public struct ChatTemplate: Sendable {
    /// One message.
    public struct Message: Sendable {
        /// "system", "user" or "assistant".
        public var role: String
        /// The text.
        public var content: String

        /// A message.
        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// The system message inserted when the conversation has none.
    public var defaultSystemMessage: String?

    /// SmolLM2's template.
    public static let smolLM2 = ChatTemplate(
        defaultSystemMessage: "You are a helpful AI assistant named SmolLM, trained by Hugging Face")

    /// The template text of `messages`, with the generation prompt when asked.
    public func render(_ messages: [Message], addGenerationPrompt: Bool = true) -> String {
        var text = ""
        if let system = defaultSystemMessage, messages.first?.role != "system" {
            text += "<|im_start|>system\n\(system)<|im_end|>\n"
        }
        for message in messages { text += "<|im_start|>\(message.role)\n\(message.content)<|im_end|>\n" }
        if addGenerationPrompt { text += "<|im_start|>assistant\n" }
        return text
    }
}
