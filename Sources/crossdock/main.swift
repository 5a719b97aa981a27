print("crossdock: the command line lands with the hub flows")
