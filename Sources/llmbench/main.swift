print("llmbench")
