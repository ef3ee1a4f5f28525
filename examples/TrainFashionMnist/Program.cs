using System;
using SdeDsl.Examples;
using TrainFashionMnist;

return TrainApp.Run(args, ExampleConsole.ForStandardOutput(), Console.Error);
