/// Every subcommand, in the order `llmbench --help` lists them.
let allCommands: [CommandEntry] = [
    CommandEntry(RunCommand.self),
    CommandEntry(ReportCommand.self),
    CommandEntry(PriceCommand.self),
    CommandEntry(ScoreCommand.self),
    CommandEntry(RescoreCommand.self),
    CommandEntry(CompareCommand.self),
    CommandEntry(TrendCommand.self),
    CommandEntry(BaselineCommand.self),
    CommandEntry(MergeCommand.self),
    CommandEntry(MetricsCommand.self),
    CommandEntry(TokensCommand.self),
    CommandEntry(SimulateCommand.self),
]
