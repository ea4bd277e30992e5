"""informe: compila los informes mensuales de coordinación en materia de seguridad del INE."""

__version__ = "0.1.0"
