from coachtui.launch import run

run()
