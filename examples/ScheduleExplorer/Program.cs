using ScheduleExplorer;
using Spectre.Console;

return ExplorerApp.Run(args, AnsiConsole.Console);
