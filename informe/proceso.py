"""El `proceso.yaml` de una carpeta de datos en lo que tiene de común a toda familia: a qué familia
pertenece, el proceso electoral que se informa, quién lo presenta y los textos fijos de la institución.

```yaml
familia: casillas
nombre: Proceso Electoral Federal 2023-2024
institucion: Instituto Nacional Electoral
area: Dirección Ejecutiva de Organización Electoral
textos: {presentacion: textos/presentacion.md}   # ranura → texto fijo (opcional)
severidades: {texto-escritura: error}            # código → error | advertencia (opcional, docs/validacion.md)
```

Es lo que lee `familias.Lectura` por omisión; una familia con más claves escribe su propio lector.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import Node

from .lector import Lector
from .reglas import leer_severidades

CAMPOS = {"familia": False, "nombre": True, "institucion": True, "area": True, "textos": False, "severidades": False}


@dataclass
class Proceso:
    archivo: str
    nombre: str  # el proceso electoral («Proceso Electoral Federal 2023-2024»)
    institucion: str  # quién presenta el informe
    area: str  # el área que lo elabora
    textos: dict[str, str] = field(default_factory=dict)  # ranura → ruta del texto fijo, dentro de la carpeta de datos
    # código → (severidad, línea, columna de la clave, del valor), tal como se escribió (informe/reglas.py la valida)
    severidades: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)


def leer_proceso(raiz: Node, lector: Lector) -> Proceso | None:
    campos = lector.mapa(raiz, CAMPOS, "raíz")
    if campos is None:
        return None
    valores = {k: lector.texto(campos.get(k), k, "campo-requerido") for k in ("nombre", "institucion", "area")}
    textos = lector.pares(campos.get("textos"), "textos", lambda v, d: lector.texto(v, d))
    if not all(isinstance(v, str) for v in valores.values()):
        return None
    return Proceso(lector.archivo, textos=textos, severidades=leer_severidades(lector, campos.get("severidades")),
                   **valores)  # type: ignore[arg-type]
