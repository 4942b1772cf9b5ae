/// What to check first when requests of a model fail: one sentence for each common cause, or none.
///
/// Read by the live first-failure notice of `run` and by every report's top error messages, so
/// both name the same cause. The key variable is the config's `api_key_env` (its name, never its value).
public enum FailureHint {
    /// The hint for a failure of `kind` (HTTP status `httpStatus`, libcurl or server message
    /// `message`) of a model with the given config fields; `nil` when no common cause fits.
    public static func hint(kind: ErrorKind, httpStatus: Int?, message: String?, keyVariable: String?,
                            modelId: String?, baseURL: String?) -> String? {
        let url = baseURL.map { " (\($0))" } ?? ""
        switch kind {
        case .auth:
            guard let v = keyVariable else {
                return "the server wants a key: name its environment variable in the config's \"api_key_env\""
            }
            return httpStatus == 403
                ? "the key in $\(v) is not allowed to use this model or endpoint (check the key's project and permissions)"
                : "the key in $\(v) was rejected: check that it is set to a valid key for this provider"
        case .http4xx where httpStatus == 404:
            let id = modelId.map { " \"\($0)\"" } ?? ""
            return "check the model id\(id) against the provider's model list, and the base_url\(url)"
        case .connect, .timeoutConnect:
            if message?.lowercased().contains("resolve") == true {
                return "the host name of base_url\(url) does not resolve: no network or DNS here, or a proxy is needed "
                    + "(https_proxy / HTTPS_PROXY, no_proxy)"
            }
            return "nothing answered at base_url\(url): is the server running, is there a network, "
                + "do proxy settings (https_proxy / HTTPS_PROXY, no_proxy) apply?"
        case .http429:
            return "rate limited: lower --concurrency or set --rpm/--tpm to the account's limits, or add --retries"
        case .redirect:
            return "base_url\(url) redirects; llmbench never follows a redirect: use the final URL"
        default:
            return nil
        }
    }
}
