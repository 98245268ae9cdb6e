Console.WriteLine("SyncKairos.Bench: scenarios arrive with their issues.");
return 0;
