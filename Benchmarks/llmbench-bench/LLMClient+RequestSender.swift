import Providers
import Scheduler

/// The libcurl client is the runner's sender, as in the CLI (`Sources/llmbench/Run/LLMClient+RequestSender.swift`).
extension LLMClient: RequestSender {}
