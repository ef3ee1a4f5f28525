using System;
using Quickstart;
using SdeDsl.Examples;

return QuickstartApp.Run(args, ExampleConsole.ForStandardOutput(), Console.Error);
