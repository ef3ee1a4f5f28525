using System;
using ScheduleExplorer;
using SdeDsl.Examples;

return ExplorerApp.Run(args, ExampleConsole.ForStandardOutput(), Console.Error);
