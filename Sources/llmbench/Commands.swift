/// Every subcommand, in the order `llmbench --help` lists them.
let allCommands: [CommandEntry] = [
    CommandEntry(RunCommand.self),
    CommandEntry(ReportCommand.self),
    CommandEntry(CompareCommand.self),
    CommandEntry(BaselineCommand.self),
    CommandEntry(MergeCommand.self),
    CommandEntry(SimulateCommand.self),
    CommandEntry(ScoreCommand.self),
    CommandEntry(PriceCommand.self),
]
