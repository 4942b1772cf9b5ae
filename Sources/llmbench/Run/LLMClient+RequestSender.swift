import Providers
import Scheduler

/// The libcurl client is the runner's sender in the product.
extension LLMClient: RequestSender {}
