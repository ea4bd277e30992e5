from .cli import main

if __name__ == "__main__":  # con «spawn», multiprocessing importa este módulo como __mp_main__
    main()
