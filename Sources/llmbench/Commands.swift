/// Every subcommand, in the order `llmbench --help` lists them.
let allCommands: [CommandEntry] = [
    CommandEntry(CompareCommand.self),
    CommandEntry(BaselineCommand.self),
    CommandEntry(MergeCommand.self),
]
