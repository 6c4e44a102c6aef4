# language: fr
@navigateur
Fonctionnalité: Écran gardé quand un scénario échoue
  Un scénario du navigateur qui échoue laisse dans les rapports l'écran qu'il avait devant lui.

  Plan du Scénario: La page affiche le titre attendu
    Soit une page intitulée "<titre>"
    Alors la page a pour titre "Accueil"
    Et la page n'affiche aucune alerte

    Exemples:
      | titre   |
      | Accueil |
      | Échec   |
