import LLMBenchCore

/// A loaded, fully validated dataset file.
public struct Dataset: Sendable, Equatable {
    /// The name reports show: the file name without its extension (`summarization`, `qa`, a user's
    /// file stem), or the name a manifest declares.
    public var name: String
    /// The one task every item of the file has.
    public var task: TaskKind
    /// The items in file order.
    public var items: [DatasetItem]
    /// SHA-256 of the file's bytes, 64 lowercase hex characters (stored with every run).
    public var sha256: String
    /// The path the file was read from.
    public var path: String
    /// A team's own prompt template; nil: the task's built-in one (`PromptTemplate`).
    public var template: CustomTemplate?
    /// Maximum output tokens a manifest declares; nil: the task's.
    public var maxOutputTokens: Int?

    public init(name: String, task: TaskKind, items: [DatasetItem], sha256: String, path: String,
                template: CustomTemplate? = nil, maxOutputTokens: Int? = nil) {
        self.name = name; self.task = task; self.items = items; self.sha256 = sha256; self.path = path
        self.template = template; self.maxOutputTokens = maxOutputTokens
    }

    /// Whether answers are scored: a task with references (not `prompt`).
    public var isScored: Bool { task != .prompt && task != .synthetic }

    /// Renders every item into a request with this dataset's template and output limit.
    public func render(_ item: DatasetItem) throws -> WorkItem {
        try PromptTemplate.render(item, dataset: name, template: template, maxOutputTokens: maxOutputTokens)
    }

    /// The names of the datasets shipped in `datasets/`, in the order a default run uses them.
    public static let shippedNames = ["summarization", "qa", "translation"]
}
