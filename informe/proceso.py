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

Es lo que lee una familia sin parte `Archivos.lector` (la lectura por omisión de `familias.Familia`). Una
familia con más claves toma lo común de `leer_comunes` y lee solo las suyas (seguridad: sus catálogos; vmre: siglas, glosario y entidades con voto local).
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


@dataclass
class Comunes:
    """Lo común de un proceso.yaml, ya leído, y los nodos de cada clave para las que la familia agrega."""
    campos: dict[str, Node]
    valores: dict[str, object]  # nombre, institucion, area: un texto, o None/FALLA si no se pudo leer
    textos: dict[str, str]

    def completos(self) -> bool:
        return all(isinstance(v, str) for v in self.valores.values())

    def severidades(self, lector: Lector) -> dict[str, tuple[str, int, int, int]]:
        return leer_severidades(lector, self.campos.get("severidades"))


def leer_comunes(raiz: Node, lector: Lector, propios: dict[str, bool] | None = None,
                 codigo_vacio: str | None = None) -> Comunes | None:
    """Las claves comunes de proceso.yaml; `propios`: las claves que agrega la familia (clave → obligatoria;
    también puede volver obligatoria una común, como `familia`). `codigo_vacio`: el código de un texto
    vacío en `textos` (sin él, un texto vacío es como no escribirlo). None si la raíz no es un mapa."""
    campos = lector.mapa(raiz, {**CAMPOS, **(propios or {})}, "raíz")
    if campos is None:
        return None
    valores = {k: lector.texto(campos.get(k), k, "campo-requerido") for k in ("nombre", "institucion", "area")}
    textos = lector.pares(campos.get("textos"), "textos", lambda v, d: lector.texto(v, d, codigo_vacio))
    return Comunes(campos, valores, textos)


def leer_proceso(raiz: Node, lector: Lector) -> Proceso | None:
    comunes = leer_comunes(raiz, lector)
    if comunes is None or not comunes.completos():
        return None
    return Proceso(lector.archivo, textos=comunes.textos, severidades=comunes.severidades(lector),
                   **comunes.valores)  # type: ignore[arg-type]
